package io.realtimekit.bench.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The soak, short: 60 s on two cluster nodes (BenchServer JVMs with Socket.IO on) and a
 * redis-server, users on both protocols, reconnect churn, node b killed and restarted, Redis
 * paused. Nothing acknowledged may be lost, and no chat frame may reach a client twice:
 * continuity.md promises every kept event once, in order, to a client that reconnects with the
 * position it was given, so the client here does not de-duplicate (a duplicate frame is a failure,
 * not filtered). The 30-minute run is {@code --scenarios=soak} (figures in BENCHMARKS.md).
 */
class SoakTest {
  @TempDir Path out;

  @Test
  @Timeout(300)
  void aMinuteOfChurnARestartAndAnOutageLosesAndDuplicatesNothingAcknowledged() throws Exception {
    String secretText =
        HexFormat.of().formatHex(UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII));
    byte[] secret = secretText.getBytes(StandardCharsets.US_ASCII);
    Options o = new Options(new String[] {"--out=" + out});
    Soak.Plan plan = new Soak.Plan(60, 40, 15, 700, 6, false);

    Soak.Report r = new Soak(plan, new Scenarios(o, secret), secret, secretText, o).run();
    System.out.println(SoakReport.markdown(r, plan, "test", "SoakTest"));

    assertThat(r.verdict().get("messages acknowledged")).isGreaterThan(200.0);
    assertThat(r.verdict().get("acknowledged lost silently")).as("%s", r.notes()).isZero();
    assertThat(r.verdict().get("acknowledged lost after a recovery failure"))
        .as("%s", r.notes())
        .isZero();
    assertThat(r.verdict().get("duplicate frames")).as("%s", r.notes()).isZero();
    assertThat(r.verdict().get("misdelivered")).isZero();
    assertThat(r.verdict().get("users connected at the end")).isEqualTo(40.0);
    assertThat(SoakReport.clean(r.verdict())).isTrue();
    List<String> timeline = r.timeline();
    assertThat(timeline).anyMatch(l -> l.contains("node b: restarted"));
    assertThat(timeline).anyMatch(l -> l.contains("redis-server: SIGCONT"));
    assertThat(r.samples().all()).containsKeys("a heap after GC MiB", "b#1 fds", "redis keys");
  }
}
