package io.realtimekit.bench.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code cluster} scenario made small: a redis-server child, two BenchServer nodes in cluster
 * mode, two load-generator JVMs on 127.0.0.2 and 127.0.0.3, 200 connections of which 20 chat across
 * the nodes for a few seconds. Every connection is made and stays open, and every acknowledged
 * message is received; no figure of time is checked.
 */
class ClusterScenarioTest {
  @TempDir Path out;

  @Test
  void everyConnectionIsMadeAndEveryAcknowledgedMessageReceived() throws Exception {
    Options o =
        new Options(
            new String[] {
              "--scenarios=cluster",
              "--out=" + out,
              "--cluster-server=bench",
              "--server-heap=256m",
              "--cluster-connections=200",
              "--cluster-nodes=2",
              "--cluster-chatters=20",
              "--cluster-warmup=1",
              "--cluster-seconds=5",
              "--cluster-per-generator=100",
              "--cluster-window=16"
            });
    String secret =
        UUID.randomUUID().toString().replace("-", "")
            + UUID.randomUUID().toString().replace("-", "");
    assertThat(secret.getBytes(StandardCharsets.US_ASCII)).hasSizeGreaterThanOrEqualTo(32);

    List<Result> rows = ClusterScenario.measure(o, secret);

    assertThat(ClusterScenario.value(rows, "load generators")).isEqualTo(2);
    assertThat(ClusterScenario.value(rows, "connections made")).isEqualTo(200);
    assertThat(ClusterScenario.value(rows, "connections failed")).isZero();
    assertThat(ClusterScenario.value(rows, "node n1 connections")).isEqualTo(100);
    assertThat(ClusterScenario.value(rows, "node n2 connections")).isEqualTo(100);
    assertThat(ClusterScenario.value(rows, "chatters")).isEqualTo(20);
    double sent = ClusterScenario.value(rows, "chat messages sent");
    assertThat(sent).isGreaterThan(0);
    assertThat(ClusterScenario.value(rows, "chat messages refused")).isZero();
    assertThat(ClusterScenario.value(rows, "chat messages acknowledged")).isEqualTo(sent);
    assertThat(ClusterScenario.value(rows, "chat messages received")).isEqualTo(sent);
    assertThat(ClusterScenario.value(rows, "acknowledged but not received")).isZero();
    assertThat(ClusterScenario.value(rows, "unanswered (neither acknowledged nor refused)"))
        .isZero();
    assertThat(ClusterScenario.value(rows, "messages measured (after warm-up)")).isPositive();
    assertThat(ClusterScenario.value(rows, "connections open after chat")).isEqualTo(200);
    assertThat(ClusterScenario.value(rows, "connections closed after connecting")).isZero();
    assertThat(ClusterScenario.value(rows, "redis used_memory with every connection")).isPositive();
  }

  @Test
  void theHeapFollowsTheReadmeRuleAndTheCountsAreChecked() {
    assertThat(ClusterScenario.heapMib(0)).isEqualTo(100);
    assertThat(ClusterScenario.heapMib(20_000)).isEqualTo(296);
    Options defaults = new Options(new String[] {"--scenarios=cluster"});
    assertThat(defaults.clusterConnections).isEqualTo(100_000);
    assertThat(defaults.clusterNodes).isEqualTo(5);
    assertThat(defaults.clusterChatters).isEqualTo(2000);
    assertThat(defaults.clusterSeconds).isEqualTo(60);
    assertThatThrownBy(() -> new Options(new String[] {"--cluster-chatters=3"}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Options(new String[] {"--cluster-nodes=1"}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void openFileLimitIsReadFromProc() throws Exception {
    assertThat(Proc.openFileLimit(ProcessHandle.current().pid())).isPositive();
  }
}
