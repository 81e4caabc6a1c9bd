package io.realtimekit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The part of {@link RealtimeTransportConformance} about sessions: authentication (header, first
 * frame, timeout, refused tokens and origins), presence inside a company, and chat between
 * connected users.
 */
abstract class TransportConformanceSessions extends TransportConformanceFixture {

  // ---- authentication -------------------------------------------------------------------------

  @Test
  void authenticatesWithABearerHeader() throws Exception {
    RealtimeTestClient v = server().connect("v-header", acme, AuthMode.HEADER, Role.VISITOR);

    JsonNode data = v.connectedData();
    assertThat(data.path("userId").asText()).isEqualTo("v-header");
    assertThat(data.path("companyId").asText()).isEqualTo(acme.toString());
    assertThat(data.path("roles").toString()).contains("visitor");
    assertThat(data.path("connectionId").asText()).isNotBlank();
    assertThat(data.path("heartbeatMs").asLong()).isPositive();
  }

  @Test
  void authenticatesWithAFirstFrame() throws Exception {
    RealtimeTestClient c = server().connect("c-frame", acme, AuthMode.FIRST_FRAME, Role.COMMERCIAL);

    assertThat(c.connectedData().path("userId").asText()).isEqualTo("c-frame");
    assertThat(c.connectedData().path("roles").toString()).contains("commercial");
  }

  @Test
  void concurrentHeaderHandshakesKeepTheirOwnIdentity() throws Exception {
    TestServer srv = server();
    List<CompletableFuture<RealtimeTestClient>> connecting = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      for (int i = 0; i < 16; i++) {
        String user = "parallel-" + i;
        connecting.add(
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return srv.connect(user, acme, AuthMode.HEADER, Role.VISITOR);
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                },
                pool));
      }
      for (int i = 0; i < connecting.size(); i++) {
        RealtimeTestClient c = connecting.get(i).get(WAIT.toMillis() * 2, TimeUnit.MILLISECONDS);
        assertThat(c.connectedData().path("userId").asText()).isEqualTo("parallel-" + i);
      }
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void noAuthenticationWithinTheTimeoutCloses4401() throws Exception {
    server(b -> b.authTimeout(Duration.ofMillis(300)));
    RealtimeTestClient raw = server.track(RealtimeTestClient.open(server.uri()));

    assertThat(raw.awaitClose(WAIT)).isEqualTo(4401);
  }

  @Test
  void forgedExpiredAndUnsignedTokensClose4401AndNobodySeesThem() throws Exception {
    RealtimeTestClient commercial = client("c1", acme, Role.COMMERCIAL);
    TestTokens t = server.tokens();
    List<String> bad =
        List.of(
            t.forged("intruder-1", acme, Role.VISITOR),
            t.expired("intruder-2", acme, Role.VISITOR),
            t.algNone("intruder-3", acme, Role.VISITOR),
            "not-a-jwt");

    for (String token : bad) {
      RealtimeTestClient byFrame = server.track(RealtimeTestClient.open(server.uri()));
      try {
        byFrame.authenticate(token);
      } catch (UncheckedIOException closedAlready) {
        // rare: Tyrus reports the socket closing under the send; the close code still tells
      }
      assertThat(byFrame.awaitClose(WAIT)).as("first frame: " + byFrame).isEqualTo(4401);
      assertThat(byFrame.frames()).noneMatch(f -> f.contains(token));

      RealtimeTestClient byHeader =
          server.track(
              RealtimeTestClient.open(
                  server.uri(), RealtimeTestClient.Options.defaults().withBearer(token)));
      assertThat(byHeader.awaitClose(WAIT)).as("header").isEqualTo(4401);
    }

    commercial.assertNoEvent("visitor:connected", QUIET);
    assertThat(commercial.frames()).noneMatch(f -> f.contains("intruder"));
  }

  @Test
  void aDisallowedOriginIsRefused() throws Exception {
    String allowed = "https://shop.example";
    server(b -> b.allowedOrigins(Set.of(allowed)));
    RealtimeTestClient.Options evil =
        RealtimeTestClient.Options.defaults().withOrigin("https://evil.example");

    try {
      RealtimeTestClient refused = server.track(RealtimeTestClient.open(server.uri(), evil));
      // a container that let the upgrade through: the endpoint closes it with 4403
      assertThat(refused.awaitClose(WAIT)).isEqualTo(4403);
    } catch (RealtimeTestClient.HandshakeRefusedException expected) {
      assertThat(expected.status()).isIn(-1, 403);
    }

    String token = server.tokens().token("v-origin", acme, Role.VISITOR);
    RealtimeTestClient ok =
        server.track(
            RealtimeTestClient.connect(
                server.uri(),
                token,
                AuthMode.FIRST_FRAME,
                RealtimeTestClient.Options.defaults().withOrigin(allowed)));
    assertThat(ok.connectedData().path("userId").asText()).isEqualTo("v-origin");
  }

  // ---- presence and chat ----------------------------------------------------------------------

  @Test
  void presenceIsAnnouncedOnlyInsideTheCompany() throws Exception {
    RealtimeTestClient acmeAgent = client("agent-acme", acme, Role.COMMERCIAL);
    RealtimeTestClient globexAgent = client("agent-globex", globex, Role.COMMERCIAL);

    client("visitor-1", acme, Role.VISITOR);

    JsonNode connected = acmeAgent.await("visitor:connected", WAIT);
    assertThat(connected.path("userId").asText()).isEqualTo("visitor-1");
    globexAgent.assertNoEvent("visitor:connected", QUIET);
  }

  @Test
  void aUserWithTwoTabsGetsMessagesOnBothAndStaysOnlineWhenOneCloses() throws Exception {
    server(b -> b.gracePeriod(Duration.ofMillis(200)));
    RealtimeTestClient agent = client("agent", acme, Role.COMMERCIAL);
    RealtimeTestClient tab1 = client("visitor", acme, Role.VISITOR);
    agent.await("visitor:connected", WAIT);
    RealtimeTestClient tab2 = client("visitor", acme, Role.VISITOR);

    Reply reply = agent.request("chat:message", Map.of("to", "visitor", "message", "hello"));
    assertThat(reply.ok()).as(reply.toString()).isTrue();
    assertThat(reply.data().path("id").asText()).isNotBlank();
    for (RealtimeTestClient tab : List.of(tab1, tab2)) {
      JsonNode msg = tab.await("chat:message", WAIT);
      assertThat(msg.path("message").asText()).isEqualTo("hello");
      assertThat(msg.path("from").asText()).isEqualTo("agent");
      assertThat(msg.path("to").asText()).isEqualTo("visitor");
      assertThat(msg.path("id").asText()).isEqualTo(reply.data().path("id").asText());
    }

    tab1.close();
    agent.assertNoEvent("visitor:disconnected", QUIET);
    Reply second =
        agent.request("chat:message", Map.of("to", "visitor", "message", "still there?"));
    assertThat(second.ok()).as(second.toString()).isTrue();
    assertThat(tab2.await("chat:message", WAIT).path("message").asText()).isEqualTo("still there?");
    assertThat(server.realtime().isConnected(UserId.of("visitor"))).isTrue();

    tab2.close();
    assertThat(agent.await("visitor:disconnected", WAIT).path("userId").asText())
        .isEqualTo("visitor");
  }

  @Test
  void chatToAUserWhoIsNotConnectedRepliesUserNotConnected() throws Exception {
    RealtimeTestClient agent = client("agent", acme, Role.COMMERCIAL);

    Reply reply = agent.request("chat:message", Map.of("to", "ghost", "message", "anyone?"));

    assertThat(reply.ok()).isFalse();
    assertThat(reply.errorCode()).isEqualTo("USER_NOT_CONNECTED");
  }

  @Test
  void aLargeFrameBelowTheLimitIsDelivered() throws Exception {
    RealtimeTestClient agent = client("agent", acme, Role.COMMERCIAL);
    RealtimeTestClient visitor = client("visitor", acme, Role.VISITOR);
    String text = "x".repeat(15_000);

    Reply reply = visitor.request("chat:message", Map.of("to", "agent", "message", text));

    assertThat(reply.ok()).as(reply.toString()).isTrue();
    assertThat(agent.await("chat:message", WAIT).path("message").asText()).isEqualTo(text);
  }
}
