package io.realtimekit.jetty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.realtimekit.RealtimeBuilder;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Criteria;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import io.realtimekit.domain.chat.OfflinePolicy;
import io.realtimekit.domain.event.ChatMessageExpired;
import io.realtimekit.domain.event.ChatMessageKept;
import io.realtimekit.infrastructure.auth.HmacTokenIssuer;
import io.realtimekit.testkit.AuthMode;
import io.realtimekit.testkit.RealtimeTestClient;
import io.realtimekit.testkit.Reply;
import io.realtimekit.testkit.RunningServer;
import io.realtimekit.testkit.TestServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The offline inbox over real WebSockets: with the {@code keep} policy a message to an offline user
 * is accepted as pending, handed to it right after {@code connected} when it next connects, removed
 * by its {@code chat:delivered} (which its sender is told), expired after the TTL or pushed out by
 * the cap with {@link ChatMessageExpired}; the default {@code refuse} is unchanged.
 */
class OfflineInboxTest {
  static final Duration WAIT = Duration.ofSeconds(10);
  static final ObjectMapper JSON = new ObjectMapper();
  final CompanyId company = CompanyId.of(UUID.randomUUID());
  final List<TestServer> servers = new ArrayList<>();
  final List<ChatMessageKept> kept = new CopyOnWriteArrayList<>();
  final List<ChatMessageExpired> expired = new CopyOnWriteArrayList<>();
  HmacTokenIssuer issuer;

  /** A clock the test moves; it starts at the real time. */
  static final class TestClock extends Clock {
    private volatile Instant now = Instant.now();

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  TestServer start(Consumer<RealtimeBuilder> customizer) throws Exception {
    TestServer server =
        TestServer.start(
            realtime -> {
              RealtimeServer s = RealtimeJetty.builder(realtime).host("127.0.0.1").port(0).start();
              return RunningServer.of(s.uri(), s);
            },
            builder ->
                customizer.accept(
                    builder.eventsPerSecond(5_000).eventBurst(5_000).gracePeriod(Duration.ZERO)));
    servers.add(server);
    issuer = new HmacTokenIssuer(server.tokens().secret());
    server.realtime().subscribe(ChatMessageKept.class, kept::add);
    server.realtime().subscribe(ChatMessageExpired.class, expired::add);
    return server;
  }

  @AfterEach
  void stop() throws Exception {
    for (TestServer s : servers) {
      s.close();
    }
  }

  String token(CompanyId c, String user, Role role) {
    return issuer.issue(UserId.of(user), c, Set.of(role), Duration.ofHours(1), Map.of());
  }

  RealtimeTestClient connect(TestServer server, String user, Role role) throws Exception {
    return connect(server, company, user, role);
  }

  RealtimeTestClient connect(TestServer server, CompanyId c, String user, Role role)
      throws Exception {
    return server.track(
        RealtimeTestClient.connect(
            server.uri(),
            token(c, user, role),
            AuthMode.FIRST_FRAME,
            RealtimeTestClient.Options.defaults().withTimeout(WAIT)));
  }

  static JsonNode parse(String frame) {
    try {
      return JSON.readTree(frame);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** The data of the chat messages a client received, in order. */
  static List<JsonNode> chatMessages(RealtimeTestClient c) {
    List<JsonNode> out = new ArrayList<>();
    for (String f : c.frames()) {
      JsonNode n = parse(f);
      if ("chat:message".equals(n.path("event").asText())) {
        out.add(n.path("data"));
      }
    }
    return out;
  }

  static int indexOf(RealtimeTestClient c, String typeOrEvent) {
    List<String> frames = c.frames();
    for (int i = 0; i < frames.size(); i++) {
      JsonNode n = parse(frames.get(i));
      if (typeOrEvent.equals(n.path("type").asText())
          || typeOrEvent.equals(n.path("event").asText())) {
        return i;
      }
    }
    return -1;
  }

  void awaitGone(TestServer server, String user) {
    await()
        .atMost(WAIT)
        .until(
            () ->
                server
                    .realtime()
                    .repository()
                    .findOne(Criteria.byUserId(UserId.of(user)))
                    .isEmpty());
  }

  /** Lets a negative check run its course (bounded, no bare sleep). */
  static void pause(Duration d) {
    await().pollDelay(d).atMost(d.plus(WAIT)).until(() -> true);
  }

  Reply send(RealtimeTestClient from, String to, String text) {
    return from.request("chat:message", Map.of("to", to, "message", text));
  }

  @Test
  void keptForAnOfflineUserDeliveredOnItsNextConnectAndRemovedByItsDeliveredReceipt()
      throws Exception {
    TestServer server = start(b -> b.offlinePolicy(OfflinePolicy.KEEP));
    RealtimeTestClient c1 = connect(server, "c1", Role.COMMERCIAL);

    Reply first = send(c1, "v1", "hello, are you there?");
    Reply second = send(c1, "v1", "second");
    assertThat(first.ok()).as("%s", first).isTrue();
    assertThat(first.data().path("pending").asBoolean()).isTrue();
    assertThat(first.data().path("sentAt").asText()).isNotBlank();
    String id1 = first.data().path("id").asText();
    String id2 = second.data().path("id").asText();
    assertThat(kept).extracting(ChatMessageKept::messageId).containsExactly(id1, id2);
    assertThat(kept.get(0).to()).isEqualTo(UserId.of("v1"));
    assertThat(kept.get(0).message()).isEqualTo("hello, are you there?");
    assertThat(kept.get(0).expiresAt()).isEqualTo(kept.get(0).sentAt().plus(Duration.ofDays(7)));

    RealtimeTestClient v1 = connect(server, "v1", Role.VISITOR);
    v1.await("chat:message", WAIT);
    v1.await("chat:message", WAIT);
    List<JsonNode> got = chatMessages(v1);
    assertThat(got).extracting(n -> n.path("id").asText()).containsExactly(id1, id2);
    assertThat(got.get(0).path("from").asText()).isEqualTo("c1");
    assertThat(got.get(0).path("to").asText()).isEqualTo("v1");
    assertThat(got.get(0).path("message").asText()).isEqualTo("hello, are you there?");
    assertThat(got.get(0).path("sentAt").asText()).isEqualTo(first.data().path("sentAt").asText());
    assertThat(indexOf(v1, "chat:message"))
        .as("after connected")
        .isGreaterThan(indexOf(v1, "connected"));

    // the first is acknowledged: removed, and its sender is told
    assertThat(v1.request("chat:delivered", Map.of("id", id1)).ok()).isTrue();
    JsonNode receipt = c1.await("chat:delivered", WAIT);
    assertThat(receipt.path("id").asText()).isEqualTo(id1);
    assertThat(receipt.path("by").asText()).isEqualTo("v1");
    assertThat(receipt.path("at").asText()).isNotBlank();

    // the next connect gets only what was not acknowledged
    v1.close();
    awaitGone(server, "v1");
    RealtimeTestClient again = connect(server, "v1", Role.VISITOR);
    again.await("chat:message", WAIT);
    again.assertNoEvent("chat:message", Duration.ofMillis(500));
    assertThat(chatMessages(again)).extracting(n -> n.path("id").asText()).containsExactly(id2);
    assertThat(again.request("chat:delivered", Map.of("id", id2)).ok()).isTrue();
    assertThat(c1.await("chat:delivered", WAIT).path("id").asText()).isEqualTo(id2);
    again.close();
    awaitGone(server, "v1");

    RealtimeTestClient third = connect(server, "v1", Role.VISITOR);
    third.assertNoEvent("chat:message", Duration.ofMillis(700));
    assertThat(expired).isEmpty();
  }

  @Test
  void moreKeptMessagesThanAConnectingSocketHoldsAllArriveInOrder() throws Exception {
    TestServer server = start(b -> b.offlinePolicy(OfflinePolicy.KEEP));
    RealtimeTestClient c1 = connect(server, "c1", Role.COMMERCIAL);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      Reply r = send(c1, "v1", "m" + i);
      assertThat(r.data().path("pending").asBoolean()).isTrue();
      ids.add(r.data().path("id").asText());
    }
    RealtimeTestClient v1 = connect(server, "v1", Role.VISITOR);
    await().atMost(WAIT).until(() -> chatMessages(v1).size() >= 150);
    pause(Duration.ofMillis(300)); // nothing more, nothing twice
    assertThat(chatMessages(v1))
        .extracting(n -> n.path("id").asText())
        .containsExactlyElementsOf(ids);
  }

  @Test
  void aMessageOlderThanTheTtlExpiresWithItsEventAndIsNeverDelivered() throws Exception {
    TestClock clock = new TestClock();
    TestServer server =
        start(
            b ->
                b.offlinePolicy(OfflinePolicy.KEEP)
                    .offlineInboxTtl(Duration.ofSeconds(1))
                    .clock(clock));
    RealtimeTestClient c1 = connect(server, "c1", Role.COMMERCIAL);
    String id = send(c1, "v1", "too late").data().path("id").asText();
    assertThat(kept).hasSize(1);

    // the sweep runs every 100 ms; the clock has not moved, so nothing expires
    pause(Duration.ofMillis(500));
    assertThat(expired).isEmpty();

    clock.advance(Duration.ofSeconds(1));
    await().atMost(WAIT).until(() -> !expired.isEmpty());
    assertThat(expired).hasSize(1);
    ChatMessageExpired e = expired.get(0);
    assertThat(e.messageId()).isEqualTo(id);
    assertThat(e.reason()).isEqualTo(ChatMessageExpired.Reason.TTL);
    assertThat(e.from()).isEqualTo(UserId.of("c1"));
    assertThat(e.to()).isEqualTo(UserId.of("v1"));
    assertThat(e.message()).isEqualTo("too late");
    assertThat(e.companyId()).isEqualTo(company);

    RealtimeTestClient v1 = connect(server, "v1", Role.VISITOR);
    v1.assertNoEvent("chat:message", Duration.ofMillis(500));
    Reply late = v1.request("chat:delivered", Map.of("id", id));
    assertThat(late.ok()).as("an expired message is no longer in the inbox").isFalse();
    assertThat(expired).hasSize(1);
  }

  @Test
  void theCapPushesTheOldestOutWithItsEvent() throws Exception {
    TestServer server = start(b -> b.offlinePolicy(OfflinePolicy.KEEP).offlineInboxMaxMessages(2));
    RealtimeTestClient c1 = connect(server, "c1", Role.COMMERCIAL);
    String a = send(c1, "v1", "a").data().path("id").asText();
    String b = send(c1, "v1", "b").data().path("id").asText();
    assertThat(expired).isEmpty();
    String c = send(c1, "v1", "c").data().path("id").asText();
    assertThat(expired).hasSize(1);
    assertThat(expired.get(0).messageId()).isEqualTo(a);
    assertThat(expired.get(0).reason()).isEqualTo(ChatMessageExpired.Reason.CAP);
    assertThat(expired.get(0).message()).isEqualTo("a");

    RealtimeTestClient v1 = connect(server, "v1", Role.VISITOR);
    await().atMost(WAIT).until(() -> chatMessages(v1).size() >= 2);
    pause(Duration.ofMillis(300)); // nothing more
    assertThat(chatMessages(v1)).extracting(n -> n.path("id").asText()).containsExactly(b, c);
  }

  @Test
  void refuseIsTheDefaultAndAnswersUserNotConnected() throws Exception {
    TestServer server = start(b -> {});
    RealtimeTestClient c1 = connect(server, "c1", Role.COMMERCIAL);
    Reply reply = send(c1, "v1", "hello");
    assertThat(reply.ok()).isFalse();
    assertThat(reply.errorCode()).isEqualTo("USER_NOT_CONNECTED");
    RealtimeTestClient v1 = connect(server, "v1", Role.VISITOR);
    v1.assertNoEvent("chat:message", Duration.ofMillis(500));
    assertThat(kept).isEmpty();
    // online receivers are unchanged: delivered, no pending
    Reply live = send(c1, "v1", "live");
    assertThat(live.ok()).isTrue();
    assertThat(live.data().has("pending")).isFalse();
    v1.await("chat:message", WAIT);
  }

  @Test
  void aMessageToAnotherCompanysUserGetsTheAnswerOfAnUnknownIdAndReachesNobody() throws Exception {
    TestServer server = start(b -> b.offlinePolicy(OfflinePolicy.KEEP));
    CompanyId other = CompanyId.of(UUID.randomUUID());
    RealtimeTestClient x = connect(server, other, "x1", Role.VISITOR);
    RealtimeTestClient c1 = connect(server, "c1", Role.COMMERCIAL);

    Reply toOther = send(c1, "x1", "probe");
    Reply toUnknown = send(c1, "never-seen", "probe");
    assertThat(toOther.ok()).isEqualTo(toUnknown.ok()).isTrue();
    assertThat(toOther.data().fieldNames())
        .toIterable()
        .containsExactlyElementsOf(() -> toUnknown.data().fieldNames());
    assertThat(toOther.data().path("pending")).isEqualTo(toUnknown.data().path("pending"));
    x.assertNoEvent("chat:message", Duration.ofMillis(300));
    x.close();
    awaitGone(server, "x1");
    RealtimeTestClient xAgain = connect(server, other, "x1", Role.VISITOR);
    xAgain.assertNoEvent("chat:message", Duration.ofMillis(500));
    // nor can x1 acknowledge it: it is not in x1's inbox
    assertThat(
            xAgain.request("chat:delivered", Map.of("id", toOther.data().path("id").asText())).ok())
        .isFalse();
    c1.assertNoEvent("chat:delivered", Duration.ofMillis(200));
  }

  @Test
  void aVisitorMayNotLeaveAMessageToAnOfflineUserUnderTheStandardPolicy() throws Exception {
    TestServer server = start(b -> b.offlinePolicy(OfflinePolicy.KEEP));
    RealtimeTestClient v1 = connect(server, "v1", Role.VISITOR);
    Reply reply = send(v1, "c-offline", "hello?");
    assertThat(reply.ok()).isFalse();
    assertThat(reply.errorCode()).isEqualTo("FORBIDDEN");
    assertThat(kept).isEmpty();
  }
}
