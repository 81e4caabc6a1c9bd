package io.realtimekit.protocol.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.realtimekit.protocol.SessionResumption.Resumed;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class PrivateSessionIdsTest {
  final PrivateSessionIds ids = new PrivateSessionIds();
  static final String EPOCH = "k3j9x0aq1m";
  static final String COMPANY = "00000000-0000-0000-0000-00000000000a";

  @Test
  void aPidVerifiesForItsUserAndEpochOnly() {
    String pid = ids.issue(EPOCH, COMPANY, "v1", "AbC-d_12", 17);
    assertThat(pid).startsWith("AbC-d_12.17.");
    assertThat(ids.verify(pid, EPOCH, COMPANY, "v1")).contains(new Resumed("AbC-d_12", 17));
    assertThat(new PrivateSessionIds().verify(pid, EPOCH, COMPANY, "v1"))
        .as("another node")
        .isPresent();

    assertThat(ids.verify(pid, "another-epoch", COMPANY, "v1")).isEmpty();
    assertThat(ids.verify(pid, EPOCH, COMPANY, "v2")).isEmpty();
    assertThat(ids.verify(pid, EPOCH, "00000000-0000-0000-0000-00000000000b", "v1")).isEmpty();
  }

  @Test
  void aTamperedOrMalformedPidDoesNotVerify() {
    String pid = ids.issue(EPOCH, COMPANY, "v1", "sid1", 17);
    String mac = pid.substring(pid.lastIndexOf('.') + 1);
    for (String bad :
        List.of(
            "sid1.18." + mac,
            "sid2.17." + mac,
            pid + "A",
            pid.substring(0, pid.length() - 1),
            "sid1.17",
            "sid1",
            "",
            "..",
            "sid1.-1." + mac,
            "s d.17." + mac,
            "sid1.1a." + mac,
            "sid1.17." + mac.toUpperCase(),
            "x".repeat(500))) {
      assertThat(ids.verify(bad, EPOCH, COMPANY, "v1")).as(bad).isEmpty();
    }
    assertThat(ids.verify(null, EPOCH, COMPANY, "v1")).isEmpty();
  }

  @Test
  void issuingRefusesWhatItCouldNotReadBack() {
    assertThatThrownBy(() -> ids.issue(EPOCH, COMPANY, "v1", "a.b", 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ids.issue(EPOCH, COMPANY, "v1", "sid", -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void offsetTextsCarryTheOffsetAndATagOfTheEpoch() {
    String text = ids.offsetText(EPOCH, 42);
    assertThat(text).matches("42\\.[A-Za-z0-9_-]{6}");
    assertThat(text).doesNotContain(EPOCH);
    assertThat(ids.offsetText(EPOCH, 42)).isEqualTo(text);
    assertThat(ids.offset(text, EPOCH)).isEqualTo(OptionalLong.of(42));
    assertThat(ids.offset(text, "another-epoch")).as("given in another epoch").isEmpty();
    assertThat(ids.offset(ids.offsetText("another-epoch", 42), EPOCH)).isEmpty();
  }

  @Test
  void unreadableOffsetTextsAreRefused() {
    for (String bad :
        List.of(
            "",
            "42",
            "42.",
            ".abcdef",
            "-1.abcdef",
            "4 2.abcdef",
            "42.abc",
            "42.abcdefg",
            "42.abc.ef",
            "1234567890123456789.abcdef")) {
      assertThatThrownBy(() -> ids.offset(bad, EPOCH))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
