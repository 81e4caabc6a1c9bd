package io.realtimekit.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import io.realtimekit.infrastructure.auth.HmacTokenIssuer;
import io.realtimekit.testkit.AuthMode;
import io.realtimekit.testkit.RealtimeTestClient;
import io.realtimekit.testkit.Reply;
import io.realtimekit.testkit.RunningServer;
import io.realtimekit.testkit.TestServer;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * No tenant can probe another: whether an id is in use, or online, in another company never shows
 * in a reply, a refusal or a close, over real WebSockets.
 */
@Timeout(60)
class TenantProbingTest {
  static final Duration WAIT = Duration.ofSeconds(5);
  static final ObjectMapper JSON = new ObjectMapper();
  final CompanyId a = CompanyId.of(UUID.randomUUID());
  final CompanyId b = CompanyId.of(UUID.randomUUID());
  TestServer server;
  HmacTokenIssuer issuer;

  @BeforeEach
  void start() throws Exception {
    server =
        TestServer.start(
            realtime -> {
              RealtimeServer s = RealtimeJetty.builder(realtime).host("127.0.0.1").port(0).start();
              return RunningServer.of(s.uri(), s);
            });
    issuer = new HmacTokenIssuer(server.tokens().secret());
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  RealtimeTestClient connect(String user, CompanyId company, Role role) throws Exception {
    String token = issuer.issue(UserId.of(user), company, Set.of(role), Duration.ofHours(1));
    return server.track(RealtimeTestClient.connect(server.uri(), token, AuthMode.FIRST_FRAME));
  }

  @Test
  void chatTypingAndReceiptsToAnotherCompanysOnlineUserGetTheAnswerOfAnUnknownId()
      throws Exception {
    RealtimeTestClient alice = connect("alice", a, Role.VISITOR);
    RealtimeTestClient agentA = connect("agent-a", a, Role.COMMERCIAL);
    RealtimeTestClient probe = connect("probe", b, Role.COMMERCIAL);
    String messageOfA =
        agentA
            .request("chat:message", Map.of("to", "alice", "message", "hi"))
            .data()
            .get("id")
            .asText();
    alice.await("chat:message", WAIT);

    for (String event : List.of("chat:message", "chat:typing")) {
      Reply online = probe.request(event, Map.of("to", "alice", "message", "x", "typing", true));
      Reply unknown =
          probe.request(
              event, Map.of("to", "nobody-" + UUID.randomUUID(), "message", "x", "typing", true));
      assertThat(online.ok()).isFalse();
      assertThat(online.errorCode())
          .as(event)
          .isEqualTo(unknown.errorCode())
          .isEqualTo("USER_NOT_CONNECTED");
      assertThat(online.errorMessage()).as(event).isEqualTo(unknown.errorMessage());
    }
    Reply readOfA = probe.request("chat:read", Map.of("id", messageOfA));
    Reply readOfNothing = probe.request("chat:read", Map.of("id", UUID.randomUUID().toString()));
    assertThat(readOfA.ok()).isFalse();
    assertThat(readOfA.errorCode()).isEqualTo(readOfNothing.errorCode());
    assertThat(readOfA.errorMessage()).isEqualTo(readOfNothing.errorMessage());

    alice.assertNoEvent("chat:typing", Duration.ofMillis(300));
    assertThat(alice.eventNames()).containsOnlyOnce("chat:message");
    assertThat(agentA.eventNames()).doesNotContain("chat:read");
  }

  @Test
  void aTokenOfAnotherCompanyForAnIdInUseIsRefusedExactlyAsATokenWithAnUnusableSubject()
      throws Exception {
    connect("alice", a, Role.VISITOR);

    Refusal taken =
        refusalOf(issuer.issue(UserId.of("alice"), b, Set.of(Role.VISITOR), Duration.ofHours(1)));
    Refusal unusable = refusalOf(tokenWithSubject("x".repeat(UserId.MAX_LENGTH + 1), b));

    assertThat(taken.closeCode()).isEqualTo(4401).isEqualTo(unusable.closeCode());
    assertThat(taken.closeReason()).isEqualTo(unusable.closeReason());
    assertThat(taken.frame()).isEqualTo(unusable.frame());
    assertThat(server.realtime().connectedUsers(b, java.util.Optional.empty())).isEmpty();
  }

  record Refusal(JsonNode frame, int closeCode, String closeReason) {}

  private Refusal refusalOf(String token) throws Exception {
    try (RealtimeTestClient c = RealtimeTestClient.open(server.uri())) {
      c.authenticate(token);
      int code = c.awaitClose(WAIT);
      JsonNode frame = JSON.readTree(c.frames().get(0));
      return new Refusal(frame, code, c.closeReason().map(r -> r.getReasonPhrase()).orElse(""));
    }
  }

  private String tokenWithSubject(String subject, CompanyId company) throws Exception {
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .subject(subject)
            .claim("companyId", company.toString())
            .claim("roles", List.of("visitor"))
            .expirationTime(new Date(System.currentTimeMillis() + 3_600_000))
            .build();
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    jwt.sign(new MACSigner(server.tokens().secret()));
    return jwt.serialize();
  }
}
