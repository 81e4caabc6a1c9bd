package io.realtimekit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.NodeId;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import io.realtimekit.domain.event.UserDisconnected;
import io.realtimekit.testkit.AuthMode;
import io.realtimekit.testkit.RealtimeTestClient;
import io.realtimekit.testkit.Reply;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The SIGKILL-and-restart ghost with a durable store, over real WebSockets: a node in its own JVM
 * (PostgreSQL repository, {@link JdbcNodeLeases}, assignment with its floors in PostgreSQL, Jetty)
 * holds a commercial and the visitor assigned to it; it is killed with SIGKILL, and a new node
 * starts on the same database, with a new random node id or with the same stable one. Within lease
 * + heartbeat + grace (plus slack for a loaded machine) the ghost is announced offline exactly
 * once, {@code presence:list} no longer shows it, a new visitor is queued and then assigned to a
 * live commercial, never to the ghost, and a chat to it gets {@code USER_NOT_CONNECTED}.
 */
@Timeout(180)
class JdbcNodeCrashTest {
  /** The bound a ghost must not outlive. */
  static final Duration BOUND = JdbcNode.LEASE.plus(JdbcNode.HEARTBEAT).plus(JdbcNode.GRACE);

  /** Room for the new node's start and for scheduling on a loaded machine. */
  static final Duration SLACK = Duration.ofSeconds(4);

  static final Duration WAIT = Duration.ofSeconds(15);
  static final RealtimeTestClient.Options CLIENT =
      RealtimeTestClient.Options.defaults().withTimeout(WAIT);

  static PostgresProcess pg;

  final String run = UUID.randomUUID().toString().substring(0, 8);
  final CompanyId company = CompanyId.of(UUID.randomUUID());
  final String ghost = "ghost-" + run;
  final List<RealtimeTestClient> clients = new ArrayList<>();
  Process child;
  JdbcNode restarted;

  @BeforeAll
  static void startPostgres() {
    pg = PostgresProcess.startNew();
    try (var pool = Pools.pool(pg, 2)) {
      JdbcSchema.migrate(pool);
    }
  }

  @AfterAll
  static void stopPostgres() {
    if (pg != null) {
      pg.close();
    }
  }

  @AfterEach
  void stop() throws Exception {
    clients.forEach(RealtimeTestClient::close);
    if (child != null) {
      child.destroyForcibly();
      child.waitFor(10, TimeUnit.SECONDS);
    }
    if (restarted != null) {
      restarted.close();
    }
  }

  @Test
  void aRestartWithANewNodeIdSweepsTheKilledNodesGhostThroughTheDurableLeases() throws Exception {
    ghostIsGoneAfterKillAndRestart(NodeId.of("killed-" + run), NodeId.of("new-" + run));
  }

  @Test
  void aRestartWithTheSameStableNodeIdSweepsItsOwnLeftoversAtStart() throws Exception {
    NodeId stable = NodeId.of("stable-" + run);
    ghostIsGoneAfterKillAndRestart(stable, stable);
  }

  private void ghostIsGoneAfterKillAndRestart(NodeId killedId, NodeId restartedId)
      throws Exception {
    URI killedUri = startChild(killedId);
    RealtimeTestClient ghostSocket = connect(killedUri, ghost, Role.COMMERCIAL);
    RealtimeTestClient oldVisitor = connect(killedUri, "old-visitor-" + run, Role.VISITOR);
    assertThat(oldVisitor.await("visitor:assigned", WAIT).get("commercialId").asText())
        .as("the commercial is on the floor stored in PostgreSQL")
        .isEqualTo(ghost);

    long killedAt = System.nanoTime();
    child.destroyForcibly();
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    restarted = new JdbcNode(pg.jdbcUrl(), restartedId);

    await()
        .atMost(BOUND.plus(SLACK))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> offline(ghost) == 1);
    long millis = (System.nanoTime() - killedAt) / 1_000_000;
    System.out.println(
        "SIGKILL to the ghost's UserDisconnected: "
            + millis
            + " ms (bound "
            + BOUND.toMillis()
            + " ms, restarted as "
            + (killedId.equals(restartedId) ? "the same node id" : "a new node id")
            + ")");
    await().atMost(BOUND.plus(SLACK)).until(() -> offline("old-visitor-" + run) == 1);
    // exactly once: no second announcement over a further lease, heartbeat and grace
    await().during(BOUND).atMost(BOUND.plus(SLACK)).until(() -> offline(ghost) == 1);
    assertThat(restarted.realtime.isConnected(UserId.of(ghost))).isFalse();

    // a new visitor: no live commercial yet, so it waits in the queue; never assigned to the ghost
    RealtimeTestClient visitor = connect(restarted.uri(), "visitor-" + run, Role.VISITOR);
    visitor.await("visitor:queued", WAIT);
    assertThat(onlineIds(visitor)).doesNotContain(ghost);
    assertThat(
            visitor.request("chat:message", Map.of("to", ghost, "message", "hello?")).errorCode())
        .isEqualTo("USER_NOT_CONNECTED");

    // a live commercial: the presence list shows it and not the ghost, and it takes the visitor
    RealtimeTestClient alive = connect(restarted.uri(), "alive-" + run, Role.COMMERCIAL);
    assertThat(onlineIds(alive)).contains("alive-" + run, "visitor-" + run).doesNotContain(ghost);
    assertThat(visitor.await("visitor:assigned", WAIT).get("commercialId").asText())
        .isEqualTo("alive-" + run);
    Reply toGhost = alive.request("chat:message", Map.of("to", ghost, "message", "are you there?"));
    assertThat(toGhost.ok()).isFalse();
    assertThat(toGhost.errorCode()).isEqualTo("USER_NOT_CONNECTED");
    assertThat(visitor.frames())
        .noneMatch(f -> f.contains("\"visitor:assigned\"") && f.contains(ghost));
    assertThat(offline(ghost)).isEqualTo(1);
    await().atMost(WAIT).until(() -> !ghostSocket.isOpen());
  }

  private long offline(String user) {
    return restarted.events(UserDisconnected.class).stream()
        .filter(e -> e.userId().value().equals(user))
        .count();
  }

  private List<String> onlineIds(RealtimeTestClient client) {
    Reply reply = client.request("presence:list", Map.of());
    assertThat(reply.ok()).as("presence:list: %s", reply).isTrue();
    List<String> ids = new ArrayList<>();
    for (JsonNode u : reply.data().get("users")) {
      ids.add(u.get("userId").asText());
    }
    return ids;
  }

  private RealtimeTestClient connect(URI uri, String user, Role role) throws IOException {
    Map<String, Object> claims = role == Role.COMMERCIAL ? Map.of("maxChats", 5) : Map.of();
    String token =
        JdbcNode.ISSUER.issue(UserId.of(user), company, Set.of(role), Duration.ofHours(1), claims);
    RealtimeTestClient c = RealtimeTestClient.connect(uri, token, AuthMode.FIRST_FRAME, CLIENT);
    clients.add(c);
    return c;
  }

  /** Starts {@link JdbcNodeMain} in its own JVM; its output goes to the test log. */
  private URI startChild(NodeId nodeId) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    child =
        new ProcessBuilder(
                java,
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                JdbcNodeMain.class.getName(),
                pg.jdbcUrl(),
                nodeId.value())
            .redirectErrorStream(true)
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> ready = new CompletableFuture<>();
    Thread echo =
        new Thread(
            () -> {
              try {
                String line;
                while ((line = out.readLine()) != null) {
                  System.out.println("child " + nodeId + ": " + line);
                  if (line.startsWith("READY ")) {
                    ready.complete(line.substring("READY ".length()).strip());
                  }
                }
              } catch (IOException e) {
                // the child was killed
              }
              ready.complete("EOF");
            },
            "child-output-" + nodeId);
    echo.setDaemon(true);
    echo.start();
    String uri = ready.get(90, TimeUnit.SECONDS);
    assertThat(uri).as("the child node's start").isNotEqualTo("EOF");
    return URI.create(uri);
  }
}
