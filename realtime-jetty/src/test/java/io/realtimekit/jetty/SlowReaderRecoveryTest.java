package io.realtimekit.jetty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.realtimekit.ClientLimits;
import io.realtimekit.application.port.RealtimeMetrics;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import io.realtimekit.infrastructure.auth.HmacTokenIssuer;
import io.realtimekit.testkit.AuthMode;
import io.realtimekit.testkit.RealtimeTestClient;
import io.realtimekit.testkit.RealtimeTestClient.Options;
import io.realtimekit.testkit.Reply;
import io.realtimekit.testkit.RunningServer;
import io.realtimekit.testkit.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Nothing acknowledged is dropped for a slow reader (issue 17), over real WebSockets: a receiver
 * that stops reading is closed with 4429 while its senders keep getting acknowledgements, and every
 * acknowledged message reaches it when it reconnects with {@code recover}, even when that history
 * is hundreds of times the connection's outbound bound (the replay is paced by the queue) and live
 * messages keep coming during the replay.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SlowReaderRecoveryTest {
  static final Duration WAIT = Duration.ofSeconds(20);
  static final ObjectMapper JSON = new ObjectMapper();

  /** The connection's outbound bound: small, so that histories are many times larger. */
  static final long BOUND = 16 * 1024;

  /** A chat message of about half the bound: a kernel's socket buffers fill in a few hundred. */
  static final String TEXT = "x".repeat(8_000);

  final CompanyId company = CompanyId.of(UUID.randomUUID());
  final AtomicInteger slowClosed = new AtomicInteger();
  TestServer server;
  HmacTokenIssuer issuer;

  @BeforeEach
  void start() throws Exception {
    RealtimeMetrics metrics =
        new RealtimeMetrics() {
          @Override
          public void slowConsumerClosed() {
            slowClosed.incrementAndGet();
          }
        };
    server =
        TestServer.start(
            realtime -> {
              RealtimeServer s = RealtimeJetty.builder(realtime).host("127.0.0.1").port(0).start();
              return RunningServer.of(s.uri(), s);
            },
            b ->
                b.eventsPerSecond(100_000)
                    .eventBurst(100_000)
                    .clientLimits(ClientLimits.none())
                    .maxFrameBytes((int) BOUND)
                    .outboundQueueBytes(BOUND)
                    .streamMaxEvents(5_000)
                    .gracePeriod(Duration.ofSeconds(60))
                    .metrics(metrics));
    issuer = new HmacTokenIssuer(server.tokens().secret());
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  String token(String user, Role role) {
    return issuer.issue(UserId.of(user), company, Set.of(role), Duration.ofHours(1), Map.of());
  }

  RealtimeTestClient connect(String user, Role role) throws Exception {
    return server.track(
        RealtimeTestClient.connect(
            server.uri(),
            token(user, role),
            AuthMode.FIRST_FRAME,
            Options.defaults().withTimeout(WAIT)));
  }

  static JsonNode parse(String frame) {
    try {
      return JSON.readTree(frame);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** Sends {@code count} messages to {@code to}, 20 at a time; returns the acknowledged ids. */
  static List<String> send(RealtimeTestClient from, String to, int count) {
    List<String> ids = new ArrayList<>();
    List<CompletableFuture<Reply>> batch = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      batch.add(from.emit("chat:message", Map.of("to", to, "message", TEXT)));
      if (batch.size() == 20 || i == count - 1) {
        for (CompletableFuture<Reply> f : batch) {
          Reply r = f.join();
          assertThat(r.ok()).as("%s", r).isTrue();
          ids.add(r.data().path("id").asText());
        }
        batch.clear();
      }
    }
    return ids;
  }

  /** The kept chat messages among {@code frames}, in order of arrival. */
  static List<JsonNode> chatMessages(List<JsonNode> frames) {
    return frames.stream().filter(n -> "chat:message".equals(n.path("event").asText())).toList();
  }

  static List<JsonNode> parsed(RealtimeTestClient c) {
    return c.frames().stream().map(SlowReaderRecoveryTest::parse).toList();
  }

  static void assertStrictlyIncreasingOffsets(List<JsonNode> kept) {
    long previous = -1;
    for (JsonNode n : kept) {
      assertThat(n.has("offset")).as("%s", n).isTrue();
      long offset = n.path("offset").asLong();
      assertThat(offset).as("offsets in order, each once").isGreaterThan(previous);
      previous = offset;
    }
  }

  @Test
  void aReaderClosedAsSlowRecoversEveryAcknowledgedMessage() throws Exception {
    RealtimeTestClient c1 = connect("c1", Role.COMMERCIAL);
    RealtimeTestClient c2 = connect("c2", Role.COMMERCIAL);
    RealtimeTestClient v1 = connect("v1", Role.VISITOR);
    Set<String> acked = new LinkedHashSet<>(send(c1, "v1", 1));
    v1.await("chat:message", WAIT);

    v1.stopReading();
    acked.addAll(send(c2, "v1", 1));
    assertThat(v1.awaitReaderBlocked(WAIT)).isTrue();
    // the senders keep getting acknowledgements until the server closes the reader as too slow
    int sent = 0;
    while (slowClosed.get() == 0) {
      assertThat(sent).as("the reader was never closed as slow").isLessThan(4_000);
      acked.addAll(send(c1, "v1", 20));
      acked.addAll(send(c2, "v1", 20));
      sent += 40;
    }
    // and after it (the receiver is in its grace period: pending, kept)
    acked.addAll(send(c1, "v1", 20));
    acked.addAll(send(c2, "v1", 20));

    v1.resumeReading();
    assertThat(v1.awaitClose(WAIT)).isEqualTo(4429);
    List<String> live =
        chatMessages(parsed(v1)).stream().map(n -> n.path("data").path("id").asText()).toList();

    RealtimeTestClient again =
        server.track(
            RealtimeTestClient.reconnect(
                server.uri(), token("v1", Role.VISITOR), v1, Options.defaults().withTimeout(WAIT)));
    JsonNode connected = again.connectedData();
    assertThat(connected.path("recovered").asBoolean()).as("%s", connected).isTrue();
    List<JsonNode> frames = parsed(again);
    List<JsonNode> replayed = new ArrayList<>();
    for (JsonNode n : frames) {
      if ("connected".equals(n.path("type").asText())) {
        break;
      }
      replayed.add(n);
    }
    assertThat(chatMessages(replayed)).hasSameSizeAs(replayed);
    assertThat(connected.path("recoveredCount").asInt()).isEqualTo(replayed.size());
    assertStrictlyIncreasingOffsets(replayed);
    assertThat(replayed.get(0).path("offset").asLong()).isGreaterThan(v1.offset());
    assertThat(connected.path("offset").asLong())
        .isEqualTo(replayed.get(replayed.size() - 1).path("offset").asLong());
    long replayedChars = replayed.stream().mapToLong(n -> n.toString().length()).sum();
    assertThat(replayedChars).as("the history is many times the bound").isGreaterThan(8 * BOUND);

    List<String> recovered =
        replayed.stream().map(n -> n.path("data").path("id").asText()).toList();
    Set<String> both = new HashSet<>(live);
    for (String id : recovered) {
      assertThat(both.add(id)).as("delivered twice: %s", id).isTrue();
    }
    assertThat(both).as("every acknowledged message arrived").containsAll(acked);
    assertThat(again.isOpen()).isTrue();
  }

  @Test
  void aHistoryHundredsOfTimesTheBoundIsReplayedToAReaderThatStallsWithLiveMessagesAfterIt()
      throws Exception {
    RealtimeTestClient c1 = connect("c1", Role.COMMERCIAL);
    RealtimeTestClient c2 = connect("c2", Role.COMMERCIAL);
    RealtimeTestClient v1 = connect("v1", Role.VISITOR);
    send(c1, "v1", 1);
    v1.await("chat:message", WAIT);
    String epoch = v1.epoch();
    long offset = v1.offset();
    v1.close(); // a reload: the user stays online for its grace period
    await().atMost(WAIT).until(() -> !v1.isOpen());

    Set<String> acked = new LinkedHashSet<>(send(c1, "v1", 600)); // 4.8 MB, 300 times the bound

    RealtimeTestClient again =
        server.track(RealtimeTestClient.open(server.uri(), Options.defaults().withTimeout(WAIT)));
    again.stopReading();
    again.send(
        JSON.writeValueAsString(
            Map.of(
                "type",
                "connect",
                "token",
                token("v1", Role.VISITOR),
                "recover",
                Map.of("epoch", epoch, "offset", offset))));
    assertThat(again.awaitReaderBlocked(WAIT)).isTrue();
    // live messages while the replay waits for the reader
    acked.addAll(send(c2, "v1", 100));
    again.resumeReading();

    await()
        .atMost(WAIT)
        .until(() -> chatMessages(parsed(again)).size() >= acked.size() || !again.isOpen());
    assertThat(again.isOpen())
        .as(
            "the replay never overflows the queue: %s, %s frames, slow %s",
            again.closeReason(), again.frames().size(), slowClosed.get())
        .isTrue();
    assertThat(slowClosed.get()).isZero();

    List<JsonNode> frames = parsed(again);
    int at = 0;
    while (!"connected".equals(frames.get(at).path("type").asText())) {
      at++;
    }
    JsonNode connected = frames.get(at).path("data");
    assertThat(connected.path("recovered").asBoolean()).as("%s", connected).isTrue();
    assertThat(connected.path("recoveredCount").asInt()).isEqualTo(at);
    assertThat(at).as("the whole history before connected").isGreaterThanOrEqualTo(600);
    List<JsonNode> kept = chatMessages(frames);
    assertStrictlyIncreasingOffsets(kept);
    assertThat(kept.get(0).path("offset").asLong()).isEqualTo(offset + 1);
    List<String> ids = kept.stream().map(n -> n.path("data").path("id").asText()).toList();
    assertThat(new HashSet<>(ids)).as("no duplicates").hasSameSizeAs(ids);
    assertThat(ids).containsExactlyInAnyOrderElementsOf(acked);
  }
}
