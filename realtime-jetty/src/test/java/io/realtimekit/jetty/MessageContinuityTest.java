package io.realtimekit.jetty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.realtimekit.RealtimeBuilder;
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
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Message continuity over real WebSockets: kept events carry offsets, a reconnect with {@code
 * recover} gets what it missed exactly once, a message sent during a reload is accepted as pending
 * and arrives after it, and a position that cannot be continued is refused without replaying
 * anything.
 */
class MessageContinuityTest {
  static final Duration WAIT = Duration.ofSeconds(10);
  static final ObjectMapper JSON = new ObjectMapper();
  final CompanyId company = CompanyId.of(UUID.randomUUID());
  final List<TestServer> servers = new ArrayList<>();
  HmacTokenIssuer issuer;

  TestServer start(Consumer<RealtimeBuilder> customizer) throws Exception {
    TestServer server =
        TestServer.start(
            realtime -> {
              RealtimeServer s = RealtimeJetty.builder(realtime).host("127.0.0.1").port(0).start();
              return RunningServer.of(s.uri(), s);
            },
            builder -> customizer.accept(builder.eventsPerSecond(5_000).eventBurst(5_000)));
    servers.add(server);
    issuer = new HmacTokenIssuer(server.tokens().secret());
    return server;
  }

  @AfterEach
  void stop() throws Exception {
    for (TestServer s : servers) {
      s.close();
    }
  }

  String token(String user, Role role) {
    return issuer.issue(UserId.of(user), company, Set.of(role), Duration.ofHours(1), Map.of());
  }

  RealtimeTestClient connect(TestServer server, String user, Role role) throws Exception {
    return server.track(
        RealtimeTestClient.connect(server.uri(), token(user, role), AuthMode.FIRST_FRAME));
  }

  RealtimeTestClient recover(TestServer server, String user, Role role, String epoch, long offset)
      throws Exception {
    return server.track(
        RealtimeTestClient.connectRecovering(
            server.uri(), token(user, role), epoch, offset, Options.defaults().withTimeout(WAIT)));
  }

  static JsonNode parse(String frame) {
    try {
      return JSON.readTree(frame);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** The frames received before {@code connected}. */
  static List<JsonNode> beforeConnected(RealtimeTestClient c) {
    List<JsonNode> out = new ArrayList<>();
    for (String f : c.frames()) {
      JsonNode n = parse(f);
      if ("connected".equals(n.path("type").asText())) {
        return out;
      }
      out.add(n);
    }
    throw new AssertionError("no connected frame: " + c);
  }

  void awaitOffline(TestServer server, String user) {
    await().atMost(WAIT).until(() -> !server.realtime().isConnected(UserId.of(user)));
  }

  @Test
  void keptEventsCarryOffsetsAndConnectedCarriesThePosition() throws Exception {
    TestServer server = start(b -> {});
    RealtimeTestClient c1 = connect(server, "c1", Role.COMMERCIAL);
    RealtimeTestClient v1 = connect(server, "v1", Role.VISITOR);
    String epoch = v1.connectedData().path("epoch").asText();
    long start = v1.connectedData().path("offset").asLong();
    assertThat(epoch).isNotBlank();
    assertThat(v1.connectedData().has("recovered")).isFalse();

    assertThat(c1.request("chat:message", Map.of("to", "v1", "message", "one")).ok()).isTrue();
    c1.fire("chat:typing", Map.of("to", "v1", "typing", true));
    assertThat(c1.request("chat:message", Map.of("to", "v1", "message", "two")).ok()).isTrue();
    v1.await("chat:message", WAIT);
    v1.await("chat:typing", WAIT);
    v1.await("chat:message", WAIT);
    List<JsonNode> pushed =
        v1.frames().stream().map(MessageContinuityTest::parse).filter(n -> n.has("event")).toList();
    JsonNode one =
        pushed.stream()
            .filter(n -> n.path("data").path("message").asText().equals("one"))
            .findFirst()
            .orElseThrow();
    JsonNode typing =
        pushed.stream()
            .filter(n -> n.path("event").asText().equals("chat:typing"))
            .findFirst()
            .orElseThrow();
    JsonNode two =
        pushed.stream()
            .filter(n -> n.path("data").path("message").asText().equals("two"))
            .findFirst()
            .orElseThrow();
    assertThat(one.path("offset").asLong()).isEqualTo(start + 1);
    assertThat(two.path("offset").asLong()).isEqualTo(start + 2);
    assertThat(typing.has("offset")).as("typing is not kept").isFalse();
    assertThat(v1.epoch()).isEqualTo(epoch);
    assertThat(v1.offset()).isEqualTo(start + 2);
  }

  @Test
  void aMessageSentDuringAReloadIsAcceptedAsPendingAndArrivesAfterIt() throws Exception {
    TestServer server = start(b -> b.gracePeriod(Duration.ofSeconds(5)));
    RealtimeTestClient c1 = connect(server, "c1", Role.COMMERCIAL);
    RealtimeTestClient v1 = connect(server, "v1", Role.VISITOR);
    c1.request("chat:message", Map.of("to", "v1", "message", "before"));
    v1.await("chat:message", WAIT);
    v1.close(); // the page reloads
    awaitOffline(server, "v1");

    Reply reply = c1.request("chat:message", Map.of("to", "v1", "message", "during the reload"));
    assertThat(reply.ok()).as("%s", reply).isTrue();
    assertThat(reply.data().path("pending").asBoolean()).isTrue();
    assertThat(reply.data().path("id").asText()).isNotBlank();

    RealtimeTestClient again =
        server.track(
            RealtimeTestClient.reconnect(
                server.uri(), token("v1", Role.VISITOR), v1, Options.defaults().withTimeout(WAIT)));
    assertThat(again.connectedData().path("recovered").asBoolean()).isTrue();
    assertThat(again.connectedData().path("recoveredCount").asInt()).isEqualTo(1);
    List<JsonNode> replayed = beforeConnected(again);
    assertThat(replayed).hasSize(1);
    assertThat(replayed.get(0).path("data").path("message").asText())
        .isEqualTo("during the reload");
    assertThat(replayed.get(0).path("data").path("id").asText())
        .isEqualTo(reply.data().path("id").asText());
    assertThat(again.offset()).isEqualTo(v1.offset() + 1);
    // a receiver online with a socket gets no pending
    assertThat(
            c1.request("chat:message", Map.of("to", "v1", "message", "after"))
                .data()
                .has("pending"))
        .isFalse();
  }

  @Test
  void withRecoveryOffNothingIsKeptAndAReloadingReceiverIsNotConnected() throws Exception {
    TestServer server = start(b -> b.recovery(false).gracePeriod(Duration.ofSeconds(5)));
    RealtimeTestClient c1 = connect(server, "c1", Role.COMMERCIAL);
    RealtimeTestClient v1 = connect(server, "v1", Role.VISITOR);
    assertThat(v1.connectedData().has("epoch")).isFalse();
    assertThat(v1.connectedData().has("offset")).isFalse();
    c1.request("chat:message", Map.of("to", "v1", "message", "live"));
    v1.await("chat:message", WAIT);
    assertThat(
            v1.frames().stream()
                .map(MessageContinuityTest::parse)
                .filter(n -> "chat:message".equals(n.path("event").asText()))
                .findFirst()
                .orElseThrow()
                .has("offset"))
        .isFalse();
    v1.close();
    awaitOffline(server, "v1");
    Reply reply = c1.request("chat:message", Map.of("to", "v1", "message", "during the reload"));
    assertThat(reply.ok()).isFalse();
    assertThat(reply.errorCode()).isEqualTo("USER_NOT_CONNECTED");
  }

  @Test
  void aPositionOlderThanTheHistoryRecoversNothing() throws Exception {
    TestServer server = start(b -> b.streamMaxEvents(5).gracePeriod(Duration.ofSeconds(5)));
    RealtimeTestClient v1 = connect(server, "v1", Role.VISITOR);
    v1.close();
    awaitOffline(server, "v1");
    for (int i = 0; i < 20; i++) {
      server.realtime().notifyUser(company, UserId.of("v1"), "order:update", Map.of("i", i));
    }
    RealtimeTestClient again = recover(server, "v1", Role.VISITOR, v1.epoch(), v1.offset());
    assertThat(again.connectedData().path("recovered").asBoolean()).isFalse();
    assertThat(again.connectedData().path("reason").asText()).isEqualTo("HISTORY_TRIMMED");
    assertThat(again.connectedData().path("offset").asLong()).isEqualTo(v1.offset() + 20);
    assertThat(beforeConnected(again)).isEmpty();
    again.assertNoEvent("order:update", Duration.ofMillis(200));

    // from the last 5 it recovers
    RealtimeTestClient third = recover(server, "v1", Role.VISITOR, v1.epoch(), v1.offset() + 15);
    assertThat(third.connectedData().path("recovered").asBoolean()).isTrue();
    assertThat(beforeConnected(third))
        .extracting(n -> n.path("data").path("i").asInt())
        .containsExactly(15, 16, 17, 18, 19);
  }

  @Test
  void anEpochFromARestartedNodeRecoversNothing() throws Exception {
    TestServer first = start(b -> {});
    RealtimeTestClient v1 = connect(first, "v1", Role.VISITOR);
    first.realtime().notifyUser(company, UserId.of("v1"), "order:update", Map.of("i", 1));
    v1.await("order:update", WAIT);
    TestServer restarted = start(b -> {}); // a restarted in-memory node: its streams are new
    restarted.realtime().notifyUser(company, UserId.of("v1"), "order:update", Map.of("i", 2));
    RealtimeTestClient again = recover(restarted, "v1", Role.VISITOR, v1.epoch(), v1.offset());
    assertThat(again.connectedData().path("recovered").asBoolean()).isFalse();
    assertThat(again.connectedData().path("reason").asText()).isEqualTo("EPOCH_CHANGED");
    assertThat(again.connectedData().path("epoch").asText()).isNotEqualTo(v1.epoch());
    assertThat(beforeConnected(again)).isEmpty();
  }

  @Test
  void badRecoverInputIsRefusedWithAClearErrorAndReplaysNothingOfAnyoneElse() throws Exception {
    TestServer server = start(b -> {});
    RealtimeTestClient v2 = connect(server, "v2", Role.VISITOR);
    server.realtime().notifyUser(company, UserId.of("v2"), "secret", Map.of("for", "v2"));
    v2.await("secret", WAIT);
    RealtimeTestClient v1 = connect(server, "v1", Role.VISITOR);
    String v1Epoch = v1.epoch();

    String token = token("v1", Role.VISITOR);
    List<String> bad =
        List.of(
            "\"recover\":\"yesterday\"",
            "\"recover\":{\"epoch\":\"" + v1Epoch + "\",\"offset\":-1}",
            "\"recover\":{\"epoch\":\"" + v1Epoch + "\",\"offset\":1.5}",
            "\"recover\":{\"epoch\":\"\",\"offset\":0}",
            "\"recover\":{\"epoch\":\"" + "x".repeat(65) + "\",\"offset\":0}",
            "\"recover\":{\"offset\":0}");
    for (String recover : bad) {
      RealtimeTestClient c = server.track(RealtimeTestClient.open(server.uri()));
      c.send("{\"type\":\"connect\",\"token\":\"" + token + "\"," + recover + "}");
      JsonNode connected = c.await("connected", WAIT);
      assertThat(connected.path("recovered").asBoolean()).as(recover).isFalse();
      assertThat(connected.path("error").path("code").asText())
          .as(recover)
          .isEqualTo("INVALID_ARGUMENT");
      assertThat(connected.path("error").path("message").asText()).as(recover).contains("recover");
      assertThat(beforeConnected(c)).as(recover).isEmpty();
      c.close();
    }

    // a future offset of one's own stream
    RealtimeTestClient future = recover(server, "v1", Role.VISITOR, v1Epoch, v1.offset() + 1_000);
    assertThat(future.connectedData().path("recovered").asBoolean()).isFalse();
    assertThat(future.connectedData().path("reason").asText()).isEqualTo("AHEAD_OF_STREAM");
    assertThat(future.connectedData().path("error").path("code").asText())
        .isEqualTo("INVALID_ARGUMENT");

    // another user's position: streams are keyed by the authenticated user, so it reads v1's own
    // stream, whose epoch differs, and nothing of v2's arrives
    RealtimeTestClient stolen = recover(server, "v1", Role.VISITOR, v2.epoch(), 0);
    assertThat(stolen.connectedData().path("recovered").asBoolean()).isFalse();
    assertThat(stolen.connectedData().path("reason").asText()).isEqualTo("EPOCH_CHANGED");
    assertThat(beforeConnected(stolen)).isEmpty();
    stolen.assertNoEvent("secret", Duration.ofMillis(200));
    // the connection still serves
    assertThat(stolen.request("presence:list", Map.of()).ok()).isTrue();
  }

  @Test
  @Timeout(180)
  void fiveHundredMessagesToAReceiverThatKeepsReconnectingArriveExactlyOnceInOrder()
      throws Exception {
    TestServer server = start(b -> b.gracePeriod(Duration.ofSeconds(10)));
    Random random = new Random(Long.getLong("continuity.seed", System.nanoTime()));
    RealtimeTestClient sender = connect(server, "c1", Role.COMMERCIAL);
    String receiverToken = token("v1", Role.VISITOR);
    RealtimeTestClient receiver = connect(server, "v1", Role.VISITOR);
    int total = 500;

    List<CompletableFuture<Reply>> replies = new ArrayList<>();
    CompletableFuture<Void> sending =
        CompletableFuture.runAsync(
            () -> {
              for (int i = 0; i < total; i++) {
                replies.add(
                    sender.emit(
                        "chat:message", Map.of("to", "v1", "message", Integer.toString(i))));
              }
            });

    List<String> received = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    int reconnects = 0;
    // 12 random moments, as counts of messages received: the receiver closes its socket there
    java.util.TreeSet<Integer> cuts = new java.util.TreeSet<>();
    while (cuts.size() < 12) {
      cuts.add(1 + random.nextInt(total - 1));
    }
    for (int cut : cuts) {
      RealtimeTestClient r = receiver;
      int base = received.size();
      await().atMost(Duration.ofSeconds(30)).until(() -> base + count(r) >= cut);
      r.close();
      r.awaitClose(WAIT); // nothing arrives after the close is complete
      collect(r, received, ids);
      receiver =
          server.track(
              RealtimeTestClient.reconnect(
                  server.uri(), receiverToken, r, Options.defaults().withTimeout(WAIT)));
      assertThat(receiver.connectedData().path("recovered").asBoolean())
          .as("reconnect %d", reconnects)
          .isTrue();
      reconnects++;
    }
    sending.get(60, TimeUnit.SECONDS);
    RealtimeTestClient last = receiver;
    int base = received.size();
    await().atMost(Duration.ofSeconds(30)).until(() -> base + count(last) >= total);
    collect(last, received, ids);

    assertThat(reconnects).isGreaterThanOrEqualTo(10);
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < total; i++) {
      expected.add(Integer.toString(i));
    }
    assertThat(received).as("messages in order, each once").containsExactlyElementsOf(expected);
    List<String> acknowledged = new ArrayList<>();
    for (CompletableFuture<Reply> r : replies) {
      Reply reply = r.get(10, TimeUnit.SECONDS);
      assertThat(reply.ok()).as("%s", reply).isTrue();
      acknowledged.add(reply.data().path("id").asText());
    }
    assertThat(ids)
        .as("every acknowledged message arrived")
        .containsExactlyElementsOf(acknowledged);
  }

  private static int count(RealtimeTestClient c) {
    return (int) c.frames().stream().filter(f -> f.contains("\"event\":\"chat:message\"")).count();
  }

  private static void collect(RealtimeTestClient c, List<String> messages, List<String> ids) {
    for (String f : c.frames()) {
      JsonNode n = parse(f);
      if ("chat:message".equals(n.path("event").asText())) {
        messages.add(n.path("data").path("message").asText());
        ids.add(n.path("data").path("id").asText());
      }
    }
  }
}
