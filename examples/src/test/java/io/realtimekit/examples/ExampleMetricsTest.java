package io.realtimekit.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code GET /metrics} serves the realtime meters in Prometheus text, fed by real sockets. */
@Timeout(60)
class ExampleMetricsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(5);
  private ExampleServer example;

  @BeforeEach
  void start() throws Exception {
    example =
        ExampleServer.start(
            Map.of("PORT", "0", "NODE_ID", "metrics-test", "REALTIME_ASSIGNMENT", "off"));
  }

  @AfterEach
  void stop() throws Exception {
    example.close();
  }

  @Test
  void metricsServesPrometheusTextWithTheRealtimeMeters() throws Exception {
    URI ws = example.server().uri();
    try (RealtimeTestClient agent =
            RealtimeTestClient.connect(ws, token("sub=c1&role=commercial"), AuthMode.FIRST_FRAME);
        RealtimeTestClient visitor =
            RealtimeTestClient.connect(ws, token("sub=v1&role=visitor"), AuthMode.FIRST_FRAME)) {
      agent.await("visitor:connected", WAIT);
      Reply ok = visitor.request("chat:message", Map.of("to", "c1", "message", "hello"));
      assertThat(ok.ok()).as(ok.toString()).isTrue();
      agent.await("chat:message", WAIT);
      assertThat(visitor.request("no:such-event", Map.of()).ok()).isFalse();
      try (RealtimeTestClient intruder = RealtimeTestClient.open(ws)) {
        intruder.authenticate(
            new TestTokens().token("x", CompanyId.of(DevTokenServlet.DEMO_COMPANY), Role.VISITOR));
        assertThat(intruder.awaitClose(WAIT)).isEqualTo(4401);
      }
      // the client sees the server's close frame before the server has the client's answer and
      // counts the socket closed: the gauge is read once the server is done with it
      await()
          .atMost(WAIT)
          .until(() -> example.server().realtime().transport().openConnections() == 2);

      HttpURLConnection conn = open("/metrics");
      String body;
      try (InputStream in = conn.getInputStream()) {
        body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      assertThat(conn.getResponseCode()).isEqualTo(200);
      assertThat(conn.getContentType()).startsWith("text/plain");
      assertThat(body)
          .contains("# TYPE realtime_connects_total counter")
          .contains("realtime_connects_total 2.0")
          .contains("realtime_connections_open 2.0")
          .contains("realtime_events_in_total{event=\"chat:message\"} 1.0")
          .contains("realtime_events_out_total{event=\"chat:message\"} 1.0")
          .contains("realtime_refusals_total{reason=\"unauthorized\"} 1.0")
          .contains("realtime_errors_total{code=\"UNKNOWN_EVENT\"} 1.0")
          .contains("realtime_delivery_seconds_count 1");
    }
  }

  private String token(String query) throws Exception {
    HttpURLConnection conn = open("/dev/token?" + query);
    try (InputStream in = conn.getInputStream()) {
      return JSON.readTree(in.readAllBytes()).path("token").asText();
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
