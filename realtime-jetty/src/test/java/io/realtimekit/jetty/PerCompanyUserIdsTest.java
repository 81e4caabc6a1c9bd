package io.realtimekit.jetty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import io.realtimekit.domain.UserIdScope;
import io.realtimekit.domain.event.UserConnected;
import io.realtimekit.infrastructure.auth.HmacTokenIssuer;
import io.realtimekit.testkit.AuthMode;
import io.realtimekit.testkit.RealtimeTestClient;
import io.realtimekit.testkit.Reply;
import io.realtimekit.testkit.RunningServer;
import io.realtimekit.testkit.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code userIds(UserIdScope.PER_COMPANY)} over real WebSockets: two companies each have a user
 * {@code u-1}, online at once, and nothing of one reaches the other.
 */
@Timeout(60)
class PerCompanyUserIdsTest {
  static final Duration WAIT = Duration.ofSeconds(5);
  static final Duration QUIET = Duration.ofMillis(300);
  final CompanyId a = CompanyId.of(UUID.randomUUID());
  final CompanyId b = CompanyId.of(UUID.randomUUID());
  final List<UserConnected> connected = new CopyOnWriteArrayList<>();
  TestServer server;
  HmacTokenIssuer issuer;

  @BeforeEach
  void start() throws Exception {
    server =
        TestServer.start(
            realtime -> {
              RealtimeServer s = RealtimeJetty.builder(realtime).host("127.0.0.1").port(0).start();
              return RunningServer.of(s.uri(), s);
            },
            builder -> builder.userIds(UserIdScope.PER_COMPANY));
    issuer = new HmacTokenIssuer(server.tokens().secret());
    server.realtime().subscribe(UserConnected.class, connected::add);
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  RealtimeTestClient connect(String sub, CompanyId company, Role role) throws Exception {
    String token = issuer.issue(UserId.of(sub), company, Set.of(role), Duration.ofHours(1));
    return server.track(RealtimeTestClient.connect(server.uri(), token, AuthMode.FIRST_FRAME));
  }

  static String q(CompanyId company, String sub) {
    return company + "/" + sub;
  }

  @Test
  void twoCompaniesUserU1AreTwoUsersOnlineAtOnceAndChatReachesOnlyItsOwnCompanysU1()
      throws Exception {
    RealtimeTestClient u1a = connect("u-1", a, Role.VISITOR);
    RealtimeTestClient u1b = connect("u-1", b, Role.VISITOR);
    RealtimeTestClient agentA = connect("agent", a, Role.COMMERCIAL);
    RealtimeTestClient agentB = connect("agent", b, Role.COMMERCIAL);

    // the wire shows the qualified id: connected, and the events the host sees
    assertThat(u1a.connectedData().get("userId").asText()).isEqualTo(q(a, "u-1"));
    assertThat(u1b.connectedData().get("userId").asText()).isEqualTo(q(b, "u-1"));
    assertThat(u1a.isOpen()).isTrue();
    assertThat(u1b.isOpen()).isTrue();
    assertThat(connected)
        .extracting(e -> e.userId().value())
        .contains(q(a, "u-1"), q(b, "u-1"), q(a, "agent"), q(b, "agent"));

    // a bare id from a client names the user of the sender's own company
    Reply sent = agentA.request("chat:message", Map.of("to", "u-1", "message", "hello a"));
    assertThat(sent.ok()).isTrue();
    JsonNode got = u1a.await("chat:message", WAIT);
    assertThat(got.get("message").asText()).isEqualTo("hello a");
    assertThat(got.get("from").asText()).isEqualTo(q(a, "agent"));
    assertThat(got.get("to").asText()).isEqualTo(q(a, "u-1"));
    u1b.assertNoEvent("chat:message", QUIET);

    // the qualified id works too, and a visitor answers the id it was shown
    assertThat(agentB.request("chat:message", Map.of("to", q(b, "u-1"), "message", "hello b")).ok())
        .isTrue();
    assertThat(u1b.await("chat:message", WAIT).get("message").asText()).isEqualTo("hello b");
    assertThat(u1b.request("chat:message", Map.of("to", q(b, "agent"), "message", "thanks")).ok())
        .isTrue();
    assertThat(agentB.await("chat:message", WAIT).get("from").asText()).isEqualTo(q(b, "u-1"));
    assertThat(u1a.eventNames()).containsOnlyOnce("chat:message");
    assertThat(agentA.eventNames()).doesNotContain("chat:message");
  }

  @Test
  void anotherCompanysQualifiedIdGetsTheAnswerOfAnUnknownUser() throws Exception {
    RealtimeTestClient u1b = connect("u-1", b, Role.VISITOR);
    RealtimeTestClient agentA = connect("agent", a, Role.COMMERCIAL);

    Reply toOther = agentA.request("chat:message", Map.of("to", q(b, "u-1"), "message", "x"));
    Reply toNobody =
        agentA.request(
            "chat:message", Map.of("to", q(b, "nobody-" + UUID.randomUUID()), "message", "x"));
    assertThat(toOther.ok()).isFalse();
    assertThat(toOther.errorCode()).isEqualTo(toNobody.errorCode()).isEqualTo("USER_NOT_CONNECTED");
    assertThat(toOther.errorMessage()).isEqualTo(toNobody.errorMessage());
    u1b.assertNoEvent("chat:message", QUIET);
  }

  @Test
  void presenceListsAndDiffsArePerCompany() throws Exception {
    RealtimeTestClient agentA = connect("agent", a, Role.COMMERCIAL);
    RealtimeTestClient agentB = connect("agent", b, Role.COMMERCIAL);
    RealtimeTestClient u1a = connect("u-1", a, Role.VISITOR);
    connect("u-1", b, Role.VISITOR);

    assertThat(agentA.request("presence:list", Map.of()).data().get("users"))
        .extracting(u -> u.get("userId").asText())
        .containsExactlyInAnyOrder(q(a, "agent"), q(a, "u-1"));
    assertThat(agentB.request("presence:list", Map.of()).data().get("users"))
        .extracting(u -> u.get("userId").asText())
        .containsExactlyInAnyOrder(q(b, "agent"), q(b, "u-1"));
    assertThat(server.realtime().connectedUsers(a, Optional.empty()))
        .extracting(u -> u.userId().value())
        .containsExactlyInAnyOrder(q(a, "agent"), q(a, "u-1"));

    // a's u-1 leaving is a's news only; b's u-1 stays online
    u1a.close();
    assertThat(agentA.await("presence:left", WAIT).get("userId").asText()).isEqualTo(q(a, "u-1"));
    agentB.assertNoEvent("presence:left", QUIET);
    assertThat(server.realtime().isConnected(UserId.of(b, "u-1"))).isTrue();
    for (String frame : agentB.frames()) {
      assertThat(frame).doesNotContain(a.toString());
    }
  }

  @Test
  void hostCallsTakeQualifiedIdsAndRefuseABareOrForeignOneLoudly() throws Exception {
    RealtimeTestClient u1a = connect("u-1", a, Role.VISITOR);
    RealtimeTestClient u1b = connect("u-1", b, Role.VISITOR);

    assertThat(server.realtime().notifyUser(a, UserId.of(a, "u-1"), "ping", Map.of("n", 1)).isOk())
        .isTrue();
    assertThat(u1a.await("ping", WAIT).get("n").asInt()).isEqualTo(1);
    u1b.assertNoEvent("ping", QUIET);

    assertThatThrownBy(() -> server.realtime().notifyUser(a, UserId.of("u-1"), "ping", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PER_COMPANY")
        .hasMessageContaining("UserId.of(companyId, \"u-1\")");
    assertThatThrownBy(() -> server.realtime().kick(a, UserId.of(b, "u-1"), "bye"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is of company " + b);
    assertThatThrownBy(() -> server.realtime().isConnected(UserId.of("u-1")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(u1b.isOpen()).isTrue();
    assertThat(server.realtime().userIds()).isEqualTo(UserIdScope.PER_COMPANY);
  }

  @Test
  void aSubTooLongToQualifyIsRefusedAsAnInvalidSubject() throws Exception {
    String token =
        issuer.issue(
            UserId.of("x".repeat(UserId.MAX_SUBJECT_LENGTH + 1)),
            a,
            Set.of(Role.VISITOR),
            Duration.ofHours(1));
    try (RealtimeTestClient c = RealtimeTestClient.open(server.uri())) {
      c.authenticate(token);
      assertThat(c.awaitClose(WAIT)).isEqualTo(4401);
    }
    assertThat(server.realtime().connectedUsers(a, Optional.empty())).isEmpty();
    String fits = "y".repeat(UserId.MAX_SUBJECT_LENGTH);
    RealtimeTestClient ok = connect(fits, a, Role.VISITOR);
    assertThat(ok.connectedData().get("userId").asText()).isEqualTo(q(a, fits));
  }
}
