package io.realtimekit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Role;
import io.realtimekit.testkit.AuthMode;
import io.realtimekit.testkit.RealtimeTestClient;
import io.realtimekit.testkit.Reply;
import io.realtimekit.testkit.TestTokens;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The example server as a newcomer meets it: demo page, dev tokens, chat, a forged token. */
@Timeout(60)
class ExampleServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(5);
  private ExampleServer example;

  @BeforeEach
  void start() throws Exception {
    example =
        ExampleServer.start(Map.of("HOST", "127.0.0.1", "PORT", "0", "NODE_ID", "example-test"));
  }

  @AfterEach
  void stop() throws Exception {
    example.close();
  }

  @Test
  void servesTheDemoPageAndHealth() throws Exception {
    assertThat(get("/")).contains("visitor").contains("commercial").contains("app.js");
    assertThat(get("/app.js")).contains("/dev/token");
    JsonNode health = JSON.readTree(get("/health"));
    assertThat(health.path("status").asText()).isEqualTo("UP");
    assertThat(health.path("nodeId").asText()).isEqualTo("example-test");
  }

  @Test
  void devTokensLetTwoUsersChatAndAForgedTokenIsClosed4401() throws Exception {
    URI ws = example.server().uri();
    String visitorToken = token("sub=v1&role=visitor");
    String agentToken = token("sub=c1&role=commercial");

    try (RealtimeTestClient agent =
            RealtimeTestClient.connect(ws, agentToken, AuthMode.FIRST_FRAME);
        RealtimeTestClient visitor =
            RealtimeTestClient.connect(ws, visitorToken, AuthMode.FIRST_FRAME)) {
      assertThat(agent.await("visitor:connected", WAIT).path("userId").asText()).isEqualTo("v1");

      Reply reply = visitor.request("chat:message", Map.of("to", "c1", "message", "hello"));
      assertThat(reply.ok()).as(reply.toString()).isTrue();
      assertThat(agent.await("chat:message", WAIT).path("message").asText()).isEqualTo("hello");

      String forged =
          new TestTokens()
              .token("intruder", CompanyId.of(DevTokenServlet.DEMO_COMPANY), Role.VISITOR);
      try (RealtimeTestClient intruder = RealtimeTestClient.open(ws)) {
        intruder.authenticate(forged);
        assertThat(intruder.awaitClose(WAIT)).isEqualTo(4401);
      }
      agent.assertNoEvent("visitor:connected", Duration.ofMillis(500));
      visitor.assertNoEvent("visitor:connected", Duration.ZERO);
    }
  }

  @Test
  void aVisitorFrameAtTheLimitRelayedInALargerFrameReachesTheCommercialsAndClosesNobody()
      throws Exception {
    URI ws = example.server().uri();
    try (RealtimeTestClient c1 =
            RealtimeTestClient.connect(ws, token("sub=c1&role=commercial"), AuthMode.FIRST_FRAME);
        RealtimeTestClient c2 =
            RealtimeTestClient.connect(ws, token("sub=c2&role=commercial"), AuthMode.FIRST_FRAME);
        RealtimeTestClient visitor =
            RealtimeTestClient.connect(ws, token("sub=v1&role=visitor"), AuthMode.FIRST_FRAME)) {
      String head = "{\"event\":\"visitor:open-chat\",\"data\":{\"topic\":\"";
      String tail = "\"},\"id\":1}";
      String topic = "t".repeat(65_536 - head.length() - tail.length());

      visitor.send(head + topic + tail); // 65,536 bytes: at the limit, accepted

      for (RealtimeTestClient commercial : List.of(c1, c2)) {
        assertThat(commercial.await("visitor:wants-chat", WAIT).path("topic").asText())
            .isEqualTo(topic);
        assertThat(commercial.frames())
            .anySatisfy(f -> assertThat(f.length()).isGreaterThan(65_536));
      }
      org.awaitility.Awaitility.await()
          .atMost(WAIT)
          .until(
              () ->
                  visitor.frames().stream()
                      .anyMatch(f -> f.startsWith("{\"reply\":1,\"ok\":true")));
      for (RealtimeTestClient c : List.of(c1, c2, visitor)) {
        assertThat(c.isOpen()).as(c.toString()).isTrue();
      }
    }
  }

  @Test
  void devTokenRejectsABadCompanyId() throws Exception {
    HttpURLConnection conn = open("/dev/token?sub=x&companyId=not-a-uuid");
    assertThat(conn.getResponseCode()).isEqualTo(400);
    conn.disconnect();
  }

  private String token(String query) throws Exception {
    return JSON.readTree(get("/dev/token?" + query)).path("token").asText();
  }

  private String get(String path) throws Exception {
    HttpURLConnection conn = open(path);
    try (InputStream in = conn.getInputStream()) {
      assertThat(conn.getResponseCode()).isEqualTo(200);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } finally {
      conn.disconnect();
    }
  }

  private HttpURLConnection open(String path) throws Exception {
    HttpURLConnection conn =
        (HttpURLConnection) example.server().httpUri().resolve(path).toURL().openConnection();
    conn.setConnectTimeout(5000);
    conn.setReadTimeout(5000);
    return conn;
  }
}
