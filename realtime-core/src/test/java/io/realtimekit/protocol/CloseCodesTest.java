package io.realtimekit.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CloseCodesTest {

  @Test
  void closeReasonsAreCutTo123BytesOnACharacterBoundary() {
    assertThat(CloseCodes.truncateReason("é".repeat(100))).isEqualTo("é".repeat(61));
    assertThat(CloseCodes.truncateReason("€".repeat(50))).isEqualTo("€".repeat(41));
    String emoji = "😀".repeat(40); // 4 bytes each
    assertThat(CloseCodes.truncateReason(emoji)).isEqualTo("😀".repeat(30));
    String ascii = "x".repeat(200);
    assertThat(CloseCodes.truncateReason(ascii)).hasSize(123);
    assertThat(CloseCodes.truncateReason("a" + "é".repeat(61)).getBytes(StandardCharsets.UTF_8))
        .hasSize(123);
  }

  @Test
  void shortAndMissingReasonsAreKept() {
    assertThat(CloseCodes.truncateReason(null)).isEmpty();
    assertThat(CloseCodes.truncateReason("short")).isEqualTo("short");
    assertThat(CloseCodes.truncateReason("x".repeat(123))).hasSize(123);
  }
}
