package io.realtimekit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import io.realtimekit.infrastructure.auth.HmacTokenIssuer;
import io.realtimekit.testing.CoreHarness;
import io.realtimekit.testing.InMemoryConnection;
import io.realtimekit.testing.ManualScheduler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every row of the bad-input table that concerns the core, driven through the session. */
class BadInputTest {
  static final CompanyId A = CompanyId.of(UUID.randomUUID());

  CoreHarness h;
  ManualScheduler time;
  HmacTokenIssuer issuer;
  Realtime realtime;

  @BeforeEach
  void start() {
    h = CoreHarness.start(b -> b.outboundQueueBytes(64 * 1024));
    time = h.time;
    issuer = h.issuer;
    realtime = h.realtime;
  }

  @AfterEach
  void stop() {
    h.close();
  }

  String token(String user, Role role, Duration ttl) {
    return issuer.issue(UserId.of(user), A, Set.of(role), ttl);
  }

  InMemoryConnection connect(String user, Role role) {
    return h.connect(user, A, role);
  }

  static JsonNode lastError(InMemoryConnection c) {
    List<JsonNode> errors = c.events("error");
    assertThat(errors).as("error events on %s", c.sent()).isNotEmpty();
    return errors.get(errors.size() - 1);
  }

  @Test
  void malformedJsonGetsAnErrorAndTheConnectionStaysOpen() {
    InMemoryConnection c = connect("ca", Role.COMMERCIAL);
    c.receive("{\"event\":\"chat:message\",");
    assertThat(lastError(c).get("code").asText()).isEqualTo("MALFORMED_JSON");
    assertThat(c.closeCode()).isNull();
    c.receive("{\"event\":\"presence:list\",\"id\":5}");
    assertThat(c.reply(5).orElseThrow().get("ok").asBoolean()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"event\":\"chat:message\",\"data\":{\"to\":42,\"message\":\"x\"},\"id\":1}",
        "{\"event\":\"chat:message\",\"data\":{\"message\":\"x\"},\"id\":1}",
        "{\"event\":\"chat:message\",\"data\":\"hello\",\"id\":1}",
        "{\"event\":\"chat:message\",\"data\":{\"to\":\"\",\"message\":\"x\"},\"id\":1}",
        "{\"event\":\"chat:message\",\"data\":{\"to\":\"   \",\"message\":\"x\"},\"id\":1}",
        "{\"event\":\"chat:message\",\"data\":{\"to\":\"v1\",\"message\":\"\"},\"id\":1}",
        "{\"event\":\"chat:message\",\"data\":{\"to\":\"v1\",\"message\":[1,2]},\"id\":1}",
        "{\"event\":\"presence:list\",\"data\":{\"role\":\"Not A Role\"},\"id\":1}",
      })
  void wrongTypesMissingFieldsAndBadIdsGetAValidationErrorWithAClearMessage(String frame) {
    InMemoryConnection c = connect("ca", Role.COMMERCIAL);
    c.receive(frame);
    JsonNode reply = c.reply(1).orElseThrow();
    assertThat(reply.get("ok").asBoolean()).isFalse();
    assertThat(reply.get("error").get("code").asText()).isEqualTo("INVALID_ARGUMENT");
    assertThat(reply.get("error").get("message").asText()).isNotBlank().doesNotContain("Exception");
    assertThat(c.closeCode()).isNull();
  }

  @Test
  void aHugeUserIdIsRefusedWithAClearMessage() {
    InMemoryConnection c = connect("ca", Role.COMMERCIAL);
    c.receive(
        "{\"event\":\"chat:message\",\"data\":{\"to\":\""
            + "x".repeat(5_000)
            + "\",\"message\":\"m\"},\"id\":1}");
    assertThat(c.reply(1).orElseThrow().get("error").get("message").asText())
        .isEqualTo("userId must be at most 128 characters");
  }

  @Test
  void anOversizedFrameClosesThatConnectionWith1009Only() {
    InMemoryConnection big = connect("v1", Role.VISITOR);
    InMemoryConnection other = connect("ca", Role.COMMERCIAL);
    big.receive(
        "{\"event\":\"chat:message\",\"data\":{\"to\":\"ca\",\"message\":\""
            + "x".repeat(100 * 1024)
            + "\"}}");
    assertThat(big.closeCode()).isEqualTo(1009);
    assertThat(other.closeCode()).isNull();
    assertThat(other.events("chat:message")).isEmpty();
  }

  @Test
  void anUnknownEventGetsUnknownEventAndNothingElseHappens() {
    InMemoryConnection c = connect("ca", Role.COMMERCIAL);
    InMemoryConnection other = connect("v1", Role.VISITOR);
    int before = other.sent().size();
    c.receive("{\"event\":\"launch:missiles\",\"data\":{},\"id\":9}");
    c.receive("{\"event\":\"launch:missiles\",\"data\":{}}");
    assertThat(c.reply(9).orElseThrow().get("error").get("code").asText())
        .isEqualTo("UNKNOWN_EVENT");
    assertThat(lastError(c).get("code").asText()).isEqualTo("UNKNOWN_EVENT");
    assertThat(other.sent()).hasSize(before);
    assertThat(c.closeCode()).isNull();
  }

  @Test
  void anUnknownFrameTypeIsAProtocolViolation() {
    InMemoryConnection c = connect("ca", Role.COMMERCIAL);
    c.receive("{\"type\":\"subscribe\",\"channel\":\"all\"}");
    assertThat(c.closeCode()).isEqualTo(4400);
  }

  @Test
  void badJsonBeforeAuthenticationIsAProtocolViolation() {
    InMemoryConnection c = InMemoryConnection.open(realtime.transport());
    c.receive("not json");
    assertThat(c.closeCode()).isEqualTo(4400);
    assertThat(c.frames().get(0).path("data").path("code").asText()).isEqualTo("MALFORMED_JSON");
  }

  @Test
  void anEventBeforeAuthenticationIsRefusedWith4401() {
    InMemoryConnection c = InMemoryConnection.open(realtime.transport());
    c.receive("{\"event\":\"chat:message\",\"data\":{\"to\":\"x\",\"message\":\"y\"}}");
    assertThat(c.closeCode()).isEqualTo(4401);
  }

  @Test
  void noAuthenticationWithinTheTimeoutCloses4401() {
    InMemoryConnection c = InMemoryConnection.open(realtime.transport());
    time.advance(Duration.ofMillis(4_999));
    assertThat(c.closeCode()).isNull();
    time.advance(Duration.ofMillis(1));
    assertThat(c.closeCode()).isEqualTo(4401);
    assertThat(c.frames().get(0).path("data").path("message").asText())
        .isEqualTo("authentication timeout");
  }

  static String unsigned(String payloadJson) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
        + "."
        + b64.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8))
        + ".";
  }

  @Test
  void forgedExpiredNotYetValidAndUnsignedTokensClose4401WithNothingBroadcastNorEchoed() {
    InMemoryConnection commercial = connect("ca", Role.COMMERCIAL);
    long exp = time.instant().plusSeconds(3600).getEpochSecond();
    String forged =
        new HmacTokenIssuer("ffffffffffffffffffffffffffffffff".getBytes(StandardCharsets.UTF_8))
            .withClock(time)
            .issue(UserId.of("v1"), A, Set.of(Role.VISITOR), Duration.ofHours(1));
    String expired =
        new HmacTokenIssuer(CoreHarness.SECRET)
            .withClock(
                java.time.Clock.fixed(time.instant().minusSeconds(7200), java.time.ZoneOffset.UTC))
            .issue(UserId.of("v2"), A, Set.of(Role.VISITOR), Duration.ofHours(1));
    String none =
        unsigned(
            "{\"sub\":\"v3\",\"companyId\":\""
                + A
                + "\",\"roles\":[\"visitor\"],\"exp\":"
                + exp
                + "}");
    for (String bad : List.of(forged, expired, none, "", "garbage.garbage.garbage")) {
      InMemoryConnection c = InMemoryConnection.open(realtime.transport());
      c.receive("{\"type\":\"connect\",\"token\":\"" + bad + "\"}");
      assertThat(c.closeCode()).as("token %s", bad).isEqualTo(4401);
      assertThat(c.frames().get(0).path("data").path("code").asText()).isEqualTo("UNAUTHORIZED");
      if (!bad.isEmpty()) {
        assertThat(String.join("", c.sent()))
            .doesNotContain(bad)
            .doesNotContain(bad.split("\\.")[0]);
      }
    }
    assertThat(commercial.events("visitor:connected")).isEmpty();
    assertThat(realtime.isConnected(UserId.of("v1"))).isFalse();
  }

  @Test
  void theAuthorizationHeaderAuthenticatesWithoutAFirstFrame() {
    InMemoryConnection c =
        InMemoryConnection.open(
            realtime.transport(),
            Map.of(
                "authorization",
                List.of("Bearer " + token("v1", Role.VISITOR, Duration.ofHours(1)))));
    assertThat(c.frames().get(0).path("type").asText()).isEqualTo("connected");
    InMemoryConnection forged =
        InMemoryConnection.open(
            realtime.transport(), Map.of("Authorization", List.of("Bearer abc.def.ghi")));
    assertThat(forged.closeCode()).isEqualTo(4401);
  }

  @Test
  void aFloodIsRateLimitedThenClosed4429AndOthersAreUnaffected() {
    InMemoryConnection flooder = connect("v1", Role.VISITOR);
    InMemoryConnection other = connect("ca", Role.COMMERCIAL);
    for (int i = 0; i < 400 && flooder.closeCode() == null; i++) {
      flooder.receive("{\"event\":\"presence:list\",\"id\":" + i + "}");
    }
    assertThat(flooder.frames())
        .anySatisfy(
            f -> assertThat(f.path("error").path("code").asText()).isEqualTo("RATE_LIMITED"));
    assertThat(flooder.closeCode()).isEqualTo(4429);
    other.receive("{\"event\":\"presence:list\",\"id\":1}");
    assertThat(other.reply(1).orElseThrow().get("ok").asBoolean()).isTrue();
    assertThat(other.closeCode()).isNull();
  }

  @Test
  void aReaderThatStopsReadingIsClosed4429AndOthersStillReceive() {
    InMemoryConnection slow = connect("v1", Role.VISITOR);
    InMemoryConnection fine = connect("v2", Role.VISITOR);
    slow.stopReading();
    String chunk = "y".repeat(1_000);
    int sent = 0;
    while (slow.closeCode() == null && sent < 1_000) {
      realtime.notifyRole(A, Role.VISITOR, "news", Map.of("text", chunk));
      sent++;
    }
    assertThat(slow.closeCode()).isEqualTo(4429);
    assertThat(sent).isLessThan(100); // 64 KiB queue / ~1 KiB events
    assertThat(fine.events("news")).hasSize(sent);
    assertThat(fine.closeCode()).isNull();
  }

  @Test
  void anExpiredTokenOnAnOpenConnectionCloses4408UnlessRefreshed() {
    InMemoryConnection c = InMemoryConnection.open(realtime.transport());
    c.receive(
        "{\"type\":\"connect\",\"token\":\""
            + token("v1", Role.VISITOR, Duration.ofMinutes(1))
            + "\"}");
    InMemoryConnection r = InMemoryConnection.open(realtime.transport());
    r.receive(
        "{\"type\":\"connect\",\"token\":\""
            + token("v2", Role.VISITOR, Duration.ofMinutes(1))
            + "\"}");
    time.advance(Duration.ofSeconds(30));
    r.receive(
        "{\"type\":\"refresh\",\"token\":\""
            + token("v2", Role.VISITOR, Duration.ofMinutes(10))
            + "\"}");
    assertThat(r.frames())
        .anySatisfy(f -> assertThat(f.path("type").asText()).isEqualTo("refreshed"));
    time.advance(Duration.ofSeconds(31));
    assertThat(c.closeCode()).isEqualTo(4408);
    assertThat(r.closeCode()).isNull();
    time.advance(Duration.ofMinutes(10));
    assertThat(r.closeCode()).isEqualTo(4408);
  }

  @Test
  void aRefreshWithAnotherUsersTokenCloses4401() {
    InMemoryConnection c = connect("v1", Role.VISITOR);
    c.receive(
        "{\"type\":\"refresh\",\"token\":\""
            + token("v2", Role.VISITOR, Duration.ofHours(1))
            + "\"}");
    assertThat(c.closeCode()).isEqualTo(4401);
  }

  @Test
  void aMessageToAnotherCompanysUserIsAnsweredAsAnUnknownIdAndNotDelivered() {
    CompanyId b = CompanyId.of(UUID.randomUUID());
    InMemoryConnection sender = connect("ca", Role.COMMERCIAL);
    InMemoryConnection receiverB = InMemoryConnection.open(realtime.transport());
    receiverB.receive(
        "{\"type\":\"connect\",\"token\":\""
            + issuer.issue(UserId.of("vb"), b, Set.of(Role.VISITOR), Duration.ofHours(1))
            + "\"}");
    sender.receive(
        "{\"event\":\"chat:message\",\"data\":{\"to\":\"vb\",\"message\":\"x\"},\"id\":1}");
    assertThat(sender.reply(1).orElseThrow().get("error").get("code").asText())
        .isEqualTo("USER_NOT_CONNECTED");
    assertThat(receiverB.events("chat:message")).isEmpty();
  }

  @Test
  void aNotificationOverTheOutboundLimitIsRefusedToTheHostAndSentToNobody() {
    InMemoryConnection c = connect("ca", Role.COMMERCIAL);
    int before = c.sent().size();

    var refused =
        realtime.notifyUser(A, UserId.of("ca"), "huge", Map.of("blob", "h".repeat(64 * 1024)));

    assertThat(refused.isOk()).isFalse();
    assertThat(refused.failure().code().value()).isEqualTo("INVALID_ARGUMENT");
    assertThat(refused.failure().message()).contains("payload too large");
    assertThat(c.sent()).hasSize(before);
    assertThat(c.closeCode()).isNull();
    var fits =
        realtime.notifyUser(A, UserId.of("ca"), "fits", Map.of("blob", "f".repeat(60 * 1024)));
    assertThat(fits.isOk()).isTrue();
    assertThat(c.events("fits")).hasSize(1);
  }

  @Test
  void aReplyOverTheOutboundLimitBecomesAnErrorReplyAndTheSocketStaysOpen() {
    realtime.on(
        "test:big",
        io.realtimekit.application.clientevent.RoleGuard.anyOf(Role.COMMERCIAL),
        ctx -> ctx.reply(Map.of("blob", "b".repeat(100 * 1024))));
    InMemoryConnection c = connect("ca", Role.COMMERCIAL);

    c.receive("{\"event\":\"test:big\",\"id\":3}");

    JsonNode reply = c.reply(3).orElseThrow();
    assertThat(reply.get("ok").asBoolean()).isFalse();
    assertThat(reply.get("error").get("code").asText()).isEqualTo("INTERNAL");
    assertThat(c.closeCode()).isNull();
  }
}
