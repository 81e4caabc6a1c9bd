package io.realtimekit.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.realtimekit.Realtime;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import io.realtimekit.testkit.AuthMode;
import io.realtimekit.testkit.RealtimeTestClient;
import io.realtimekit.testkit.Reply;
import io.realtimekit.testkit.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

/**
 * What every server the example runs on must do, driven over real sockets: the test kit's native
 * client, plain HTTP for Actuator, and the official {@code socket.io-client}. Subclasses boot the
 * example with {@code @SpringBootTest(webEnvironment = RANDOM_PORT)} on Tomcat or on Jetty.
 */
@Timeout(120)
abstract class ExampleAppScenarios {
  static final String SECRET = "spring-boot-example-test-secret-0123456789";
  static final Duration WAIT = Duration.ofSeconds(10);

  final TestTokens tokens = new TestTokens(SECRET.getBytes(StandardCharsets.UTF_8));
  final ObjectMapper json = new ObjectMapper();
  final HttpClient http = HttpClient.newBuilder().connectTimeout(WAIT).build();

  @LocalServerPort int port;
  @Autowired Realtime realtime;
  @Autowired PresenceLog presence;

  /** The prefix of the embedded web server's class name: {@code Tomcat} or {@code Jetty}. */
  abstract String expectedServer();

  URI ws(String path) {
    return URI.create("ws://127.0.0.1:" + port + path);
  }

  String base() {
    return "http://127.0.0.1:" + port;
  }

  JsonNode getJson(String path) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(base() + path)).timeout(WAIT).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
    return json.readTree(response.body());
  }

  @Test
  void runsOnTheExpectedServer(@Autowired ApplicationContext context) throws Exception {
    assertThat(webServerName(context)).startsWith(expectedServer());
  }

  /**
   * The simple class name of the context's embedded web server (read by name: Spring Boot 4 and 3
   * keep {@code WebServerApplicationContext} in different packages, and the example also runs on
   * 3).
   */
  static String webServerName(ApplicationContext context) throws Exception {
    return context.getClass().getMethod("getWebServer").invoke(context).getClass().getSimpleName();
  }

  @Test
  void nativeClientsChatAndTheApplicationSeesThemConnect() throws Exception {
    CompanyId company = CompanyId.of(UUID.randomUUID().toString());
    String agentId = "agent-" + UUID.randomUUID();
    String visitorId = "visitor-" + UUID.randomUUID();
    try (RealtimeTestClient agent =
            RealtimeTestClient.connect(
                ws("/realtime"),
                tokens.token(agentId, company, Role.COMMERCIAL),
                AuthMode.FIRST_FRAME);
        RealtimeTestClient visitor =
            RealtimeTestClient.connect(
                ws("/realtime"),
                tokens.token(visitorId, company, Role.VISITOR),
                AuthMode.FIRST_FRAME)) {
      assertThat(visitor.connectedData().get("userId").asText()).isEqualTo(visitorId);

      // the @EventListener of the application saw both come online
      await()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(presence.connectedUsers())
                      .contains(UserId.of(agentId), UserId.of(visitorId)));

      // least-loaded assignment (application.yml) gives the visitor to the only commercial
      visitor.await("visitor:assigned", WAIT);

      Reply sent =
          visitor.request(
              "chat:message", Map.of("to", agentId, "message", "hello from Spring Boot"));
      assertThat(sent.ok()).as("reply %s", sent.raw()).isTrue();
      JsonNode received = agent.await("chat:message", WAIT);
      assertThat(received.get("from").asText()).isEqualTo(visitorId);
      assertThat(received.get("message").asText()).isEqualTo("hello from Spring Boot");
    }
  }

  @Test
  void anAnnotatedClientEventAnswersAndIsGuardedByRole() throws Exception {
    CompanyId company = CompanyId.of(UUID.randomUUID().toString());
    try (RealtimeTestClient agent =
            RealtimeTestClient.connect(
                ws("/realtime"),
                tokens.token("agent-oc", company, Role.COMMERCIAL),
                AuthMode.FIRST_FRAME);
        RealtimeTestClient visitor =
            RealtimeTestClient.connect(
                ws("/realtime"),
                tokens.token("visitor-oc", company, Role.VISITOR),
                AuthMode.FIRST_FRAME)) {
      Reply opened = visitor.request("visitor:open-chat", Map.of("topic", "pricing"));
      assertThat(opened.ok()).as("reply %s", opened.raw()).isTrue();
      assertThat(opened.data().get("topic").asText()).isEqualTo("pricing");
      assertThat(opened.data().get("commercialsNotified").asInt()).isEqualTo(1);
      JsonNode lead = agent.await("lead:new", WAIT);
      assertThat(lead.get("visitorId").asText()).isEqualTo("visitor-oc");

      Reply invalid = visitor.request("visitor:open-chat", Map.of("topic", " "));
      assertThat(invalid.ok()).isFalse();
      assertThat(invalid.errorCode()).isEqualTo("INVALID_ARGUMENT");

      Reply forbidden = agent.request("visitor:open-chat", Map.of("topic", "pricing"));
      assertThat(forbidden.ok()).isFalse();
      assertThat(forbidden.errorCode()).isEqualTo("FORBIDDEN");
    }
  }

  @Test
  void actuatorReportsRealtimeHealthAndMeters() throws Exception {
    CompanyId company = CompanyId.of(UUID.randomUUID().toString());
    try (RealtimeTestClient agent =
        RealtimeTestClient.connect(
            ws("/realtime"),
            tokens.token("agent-health", company, Role.COMMERCIAL),
            AuthMode.FIRST_FRAME)) {
      JsonNode health = getJson("/actuator/health");
      JsonNode component = health.path("components").path("realtime");
      assertThat(component.path("status").asText()).as("health %s", health).isEqualTo("UP");
      assertThat(component.path("details").path("connections").asInt()).isGreaterThanOrEqualTo(1);
      assertThat(component.path("details").path("nodeId").asText())
          .isEqualTo(realtime.nodeId().value());

      JsonNode names = getJson("/actuator/metrics").path("names");
      assertThat(names.toString())
          .contains("\"realtime.connects\"", "\"realtime.connections.open\"");
      JsonNode open = getJson("/actuator/metrics/realtime.connections.open");
      assertThat(open.path("measurements").get(0).path("value").asDouble())
          .isGreaterThanOrEqualTo(1.0);
      JsonNode connects = getJson("/actuator/metrics/realtime.connects");
      assertThat(connects.path("measurements").get(0).path("value").asDouble())
          .isGreaterThanOrEqualTo(1.0);
    }
  }

  @Test
  void theOfficialSocketIoClientConnectsWithDefaultOptions() throws Exception {
    runSocketIoScenario("default");
  }

  @Test
  void theOfficialSocketIoClientConnectsWebSocketOnly() throws Exception {
    runSocketIoScenario("websocket");
  }

  private void runSocketIoScenario(String mode) throws Exception {
    CompanyId company = CompanyId.of(UUID.randomUUID().toString());
    String agentId = "sio-agent-" + mode;
    String visitorId = "sio-visitor-" + mode;
    SocketIoScript.run(
        base(),
        mode,
        tokens.token(agentId, company, Role.COMMERCIAL),
        agentId,
        tokens.token(visitorId, company, Role.VISITOR),
        visitorId);
  }
}
