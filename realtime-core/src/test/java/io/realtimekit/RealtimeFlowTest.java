package io.realtimekit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import io.realtimekit.domain.event.DomainEvent;
import io.realtimekit.domain.event.UserConnected;
import io.realtimekit.domain.event.UserDisconnected;
import io.realtimekit.testing.CoreHarness;
import io.realtimekit.testing.InMemoryConnection;
import io.realtimekit.testing.ManualScheduler;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole flow of the core through the transport-facing API, with in-memory sockets and a manual
 * clock: presence inside the company, chat to every tab, refusals, and the grace period.
 */
class RealtimeFlowTest {
  static final CompanyId A = CompanyId.of(UUID.fromString("00000000-0000-0000-0000-00000000000a"));
  static final CompanyId B = CompanyId.of(UUID.fromString("00000000-0000-0000-0000-00000000000b"));

  CoreHarness h;
  ManualScheduler time;
  Realtime realtime;
  List<DomainEvent> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    h = CoreHarness.start();
    time = h.time;
    realtime = h.realtime;
    realtime.subscribe(DomainEvent.class, events::add);
  }

  @AfterEach
  void stop() {
    h.close();
  }

  InMemoryConnection connect(String user, CompanyId company, Role role) {
    return h.connect(user, company, role);
  }

  @Test
  void connectedFrameCarriesTheIdentityAndHeartbeat() {
    InMemoryConnection visitor = connect("v1", A, Role.VISITOR);
    JsonNode data = visitor.frames().get(0).get("data");
    assertThat(data.get("userId").asText()).isEqualTo("v1");
    assertThat(data.get("companyId").asText()).isEqualTo(A.toString());
    assertThat(data.get("roles").get(0).asText()).isEqualTo("visitor");
    assertThat(data.get("heartbeatMs").asLong()).isEqualTo(25_000);
    assertThat(data.get("connectionId").asText()).isNotBlank();
  }

  @Test
  void presenceReachesOnlyTheCommercialsOfTheVisitorsCompany() {
    InMemoryConnection commercialA = connect("ca", A, Role.COMMERCIAL);
    InMemoryConnection commercialB = connect("cb", B, Role.COMMERCIAL);
    InMemoryConnection otherVisitorA = connect("v0", A, Role.VISITOR);

    connect("v1", A, Role.VISITOR);

    assertThat(commercialA.events("visitor:connected"))
        .extracting(d -> d.get("userId").asText())
        .containsExactly("v0", "v1");
    assertThat(commercialB.events("visitor:connected")).isEmpty();
    assertThat(otherVisitorA.events("visitor:connected")).isEmpty();
  }

  @Test
  void chatMessageReachesEveryTabOfTheReceiverWithServerSetIdAndTime() {
    InMemoryConnection commercial = connect("ca", A, Role.COMMERCIAL);
    InMemoryConnection tab1 = connect("v1", A, Role.VISITOR);
    InMemoryConnection tab2 = connect("v1", A, Role.VISITOR);

    commercial.receive(
        "{\"event\":\"chat:message\",\"data\":{\"to\":\"v1\",\"message\":\"hello\"},\"id\":7}");

    JsonNode reply = commercial.reply(7).orElseThrow();
    assertThat(reply.get("ok").asBoolean()).isTrue();
    String id = reply.get("data").get("id").asText();
    assertThat(id).isNotBlank();
    for (InMemoryConnection tab : List.of(tab1, tab2)) {
      List<JsonNode> got = tab.events("chat:message");
      assertThat(got).hasSize(1);
      assertThat(got.get(0).get("id").asText()).isEqualTo(id);
      assertThat(got.get(0).get("from").asText()).isEqualTo("ca");
      assertThat(got.get(0).get("to").asText()).isEqualTo("v1");
      assertThat(got.get(0).get("message").asText()).isEqualTo("hello");
      assertThat(got.get(0).get("sentAt").asText()).isEqualTo(time.instant().toString());
    }
  }

  @Test
  void anOfflineReceiverGivesUserNotConnected() {
    InMemoryConnection commercial = connect("ca", A, Role.COMMERCIAL);
    commercial.receive(
        "{\"event\":\"chat:message\",\"data\":{\"to\":\"nobody\",\"message\":\"hi\"},\"id\":1}");
    JsonNode reply = commercial.reply(1).orElseThrow();
    assertThat(reply.get("ok").asBoolean()).isFalse();
    assertThat(reply.get("error").get("code").asText()).isEqualTo("USER_NOT_CONNECTED");
  }

  @Test
  void aMessageAcrossCompaniesGetsTheAnswerOfAnUnknownIdAndIsNotDelivered() {
    InMemoryConnection commercialA = connect("ca", A, Role.COMMERCIAL);
    InMemoryConnection visitorB = connect("vb", B, Role.VISITOR);
    commercialA.receive(
        "{\"event\":\"chat:message\",\"data\":{\"to\":\"vb\",\"message\":\"psst\"},\"id\":2}");
    assertThat(commercialA.reply(2).orElseThrow().get("error").get("code").asText())
        .isEqualTo("USER_NOT_CONNECTED");
    assertThat(visitorB.events("chat:message")).isEmpty();
  }

  @Test
  void aReconnectInsideTheGracePeriodRaisesNoDisconnectAndOneAfterItRaisesExactlyOne() {
    InMemoryConnection commercial = connect("ca", A, Role.COMMERCIAL);
    InMemoryConnection visitor = connect("v1", A, Role.VISITOR);

    visitor.drop();
    time.advance(Duration.ofSeconds(2));
    InMemoryConnection again = connect("v1", A, Role.VISITOR);
    time.advance(Duration.ofSeconds(10));

    assertThat(events).filteredOn(UserDisconnected.class::isInstance).isEmpty();
    assertThat(events)
        .filteredOn(UserConnected.class::isInstance)
        .extracting(e -> ((UserConnected) e).userId().value())
        .containsExactly("ca", "v1");
    assertThat(commercial.events("visitor:disconnected")).isEmpty();

    again.drop();
    time.advance(Duration.ofMillis(2_999));
    assertThat(events).filteredOn(UserDisconnected.class::isInstance).isEmpty();
    time.advance(Duration.ofMillis(1));
    time.advance(Duration.ofSeconds(10));

    assertThat(events).filteredOn(UserDisconnected.class::isInstance).hasSize(1);
    assertThat(commercial.events("visitor:disconnected"))
        .extracting(d -> d.get("userId").asText())
        .containsExactly("v1");
    assertThat(realtime.isConnected(UserId.of("v1"))).isFalse();
  }

  @Test
  void closingOneTabKeepsTheUserOnline() {
    InMemoryConnection tab1 = connect("v1", A, Role.VISITOR);
    InMemoryConnection tab2 = connect("v1", A, Role.VISITOR);
    InMemoryConnection commercial = connect("ca", A, Role.COMMERCIAL);
    tab1.drop();
    time.advance(Duration.ofSeconds(10));
    assertThat(realtime.isConnected(UserId.of("v1"))).isTrue();
    commercial.receive(
        "{\"event\":\"chat:message\",\"data\":{\"to\":\"v1\",\"message\":\"still there?\"},\"id\":3}");
    assertThat(commercial.reply(3).orElseThrow().get("ok").asBoolean()).isTrue();
    assertThat(tab2.events("chat:message")).hasSize(1);
    assertThat(events).filteredOn(UserDisconnected.class::isInstance).isEmpty();
  }

  @Test
  void notificationsReachAUserARoleInACompanyAndACompanyOnly() {
    InMemoryConnection commercialA = connect("ca", A, Role.COMMERCIAL);
    InMemoryConnection visitorA = connect("va", A, Role.VISITOR);
    InMemoryConnection commercialB = connect("cb", B, Role.COMMERCIAL);

    assertThat(
            realtime
                .notifyUser(A, UserId.of("va"), "order:paid", java.util.Map.of("total", 42))
                .value()
                .deliveredConnections())
        .isEqualTo(1);
    assertThat(
            realtime
                .notifyRole(A, Role.COMMERCIAL, "lead:new", java.util.Map.of("n", 1))
                .value()
                .deliveredConnections())
        .isEqualTo(1);
    assertThat(realtime.notifyCompany(A, "maintenance", null).value().deliveredConnections())
        .isEqualTo(2);
    // a user id of another company is never reached, whatever the id
    assertThat(
            realtime
                .notifyUser(B, UserId.of("va"), "order:paid", null)
                .value()
                .deliveredConnections())
        .isZero();

    assertThat(visitorA.events("order:paid"))
        .extracting(d -> d.get("total").asInt())
        .containsExactly(42);
    assertThat(commercialA.events("lead:new")).hasSize(1);
    assertThat(visitorA.events("lead:new")).isEmpty();
    assertThat(commercialA.events("maintenance")).hasSize(1);
    assertThat(visitorA.events("maintenance")).hasSize(1);
    assertThat(commercialB.events("order:paid")).isEmpty();
    assertThat(commercialB.events("lead:new")).isEmpty();
    assertThat(commercialB.events("maintenance")).isEmpty();
  }

  @Test
  void kickClosesEverySocketOfTheUserWith1008() {
    InMemoryConnection tab1 = connect("v1", A, Role.VISITOR);
    InMemoryConnection tab2 = connect("v1", A, Role.VISITOR);
    assertThat(realtime.kick(A, UserId.of("v1"), "banned").value()).isEqualTo(2);
    assertThat(tab1.closeCode()).isEqualTo(1008);
    assertThat(tab2.closeCode()).isEqualTo(1008);
  }

  @Test
  void hostEventsAreGuardedByRoleAndCanReplyEmitAndNotify() {
    realtime.on(
        "visitor:open-chat",
        io.realtimekit.application.clientevent.RoleGuard.anyOf(Role.VISITOR),
        ctx -> {
          realtime.notifyRole(
              ctx.caller().companyId(),
              Role.COMMERCIAL,
              "visitor:wants-chat",
              java.util.Map.of("visitorId", ctx.caller().userId().value()));
          ctx.emit("chat:opened", java.util.Map.of("ok", true));
          ctx.reply(java.util.Map.of("queued", true));
        });
    InMemoryConnection commercial = connect("ca", A, Role.COMMERCIAL);
    InMemoryConnection visitor = connect("v1", A, Role.VISITOR);

    visitor.receive("{\"event\":\"visitor:open-chat\",\"data\":{},\"id\":1}");
    commercial.receive("{\"event\":\"visitor:open-chat\",\"data\":{},\"id\":1}");

    assertThat(visitor.reply(1).orElseThrow().get("data").get("queued").asBoolean()).isTrue();
    assertThat(visitor.events("chat:opened")).hasSize(1);
    assertThat(commercial.events("visitor:wants-chat"))
        .extracting(d -> d.get("visitorId").asText())
        .containsExactly("v1");
    assertThat(commercial.reply(1).orElseThrow().get("error").get("code").asText())
        .isEqualTo("FORBIDDEN");
  }

  @Test
  void closeSendsGoingAwayToEverySocket() {
    InMemoryConnection visitor = connect("v1", A, Role.VISITOR);
    InMemoryConnection unauthenticated = InMemoryConnection.open(realtime.transport());
    realtime.close();
    assertThat(visitor.closeCode()).isEqualTo(1001);
    assertThat(unauthenticated.closeCode()).isEqualTo(1001);
  }
}
