package io.realtimekit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import io.realtimekit.domain.event.ConnectionClosed;
import io.realtimekit.domain.event.UserDisconnected;
import io.realtimekit.testing.InMemoryConnection;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real crash: a third node runs in its own JVM with 20 visitors and is killed with SIGKILL. The
 * two surviving nodes (default lease 5 s, default grace period 3 s) see every visitor's {@code
 * UserDisconnected} exactly once, cluster-wide, within 10 s.
 */
class NodeCrashTest {
  static final int USERS = 20;

  RedisServerProcess redis;
  ClusterNode survivor1;
  ClusterNode survivor2;
  Process child;
  String prefix = "k" + UUID.randomUUID().toString().substring(0, 8) + ":";
  CompanyId company = CompanyId.of(UUID.randomUUID());

  @BeforeEach
  void start() {
    redis = RedisServerProcess.startNew();
    survivor1 =
        new ClusterNode(
            redis.uri(), "s1", prefix, Duration.ofSeconds(5), Duration.ofSeconds(3), null);
    survivor2 =
        new ClusterNode(
            redis.uri(), "s2", prefix, Duration.ofSeconds(5), Duration.ofSeconds(3), null);
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (child != null) {
      child.destroyForcibly();
      child.waitFor(10, TimeUnit.SECONDS);
    }
    survivor1.close();
    survivor2.close();
    redis.stop();
  }

  @Test
  void theUsersOfAKilledNodeGoOfflineOnceWithinTheLeaseTime() throws Exception {
    InMemoryConnection commercial = survivor1.connect("watcher", company, Role.COMMERCIAL);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    child =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                ClusterNodeMain.class.getName(),
                redis.uri(),
                prefix,
                "doomed",
                company.toString(),
                Integer.toString(USERS))
            .redirectErrorStream(true)
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    String ready =
        CompletableFuture.supplyAsync(
                () -> {
                  try {
                    String line;
                    while ((line = out.readLine()) != null) {
                      System.out.println(
                          "child: " + line); // its failure, if any, in the test output
                      if (line.startsWith("READY")) {
                        return line;
                      }
                    }
                    return "EOF";
                  } catch (Exception e) {
                    return e.toString();
                  }
                })
            .get(60, TimeUnit.SECONDS);
    assertThat(ready).isEqualTo("READY " + USERS);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                survivor2.realtime.connectedUsers(company, Optional.of(Role.VISITOR)).size()
                    == USERS);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> commercial.events("visitor:connected").size() == USERS);

    long killedAt = System.nanoTime();
    child.destroyForcibly();
    assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();

    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> disconnected().size() == USERS);
    long millis = (System.nanoTime() - killedAt) / 1_000_000;
    System.out.println("SIGKILL to the last UserDisconnected: " + millis + " ms");
    assertThat(millis).isLessThanOrEqualTo(10_000);

    // and no second announcement, whichever survivor swept
    await().pollDelay(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(5)).until(() -> true);
    List<UserId> all = disconnected();
    assertThat(all).hasSize(USERS);
    assertThat(new HashSet<>(all)).hasSize(USERS);
    assertThat(
            survivor1.events(ConnectionClosed.class).size()
                + survivor2.events(ConnectionClosed.class).size())
        .isEqualTo(USERS);
    assertThat(survivor2.realtime.connectedUsers(company, Optional.empty()))
        .extracting(u -> u.userId().value())
        .containsExactly("watcher");
    assertThat(commercial.events("visitor:disconnected")).hasSize(USERS);
  }

  private List<UserId> disconnected() {
    List<UserId> all = new ArrayList<>();
    for (ClusterNode n : List.of(survivor1, survivor2)) {
      n.events(UserDisconnected.class).forEach(e -> all.add(e.userId()));
    }
    return all;
  }
}
