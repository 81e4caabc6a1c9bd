package io.realtimekit.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtimekit.Realtime;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Role;
import io.realtimekit.testkit.AuthMode;
import io.realtimekit.testkit.RealtimeTestClient;
import io.realtimekit.testkit.TestTokens;
import jakarta.websocket.CloseReason;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Stopping the application (here on Tomcat; {@link JettyGracefulShutdownTest} on Jetty) closes
 * every socket with 1001 through the Realtime's own drain, before the web server stops, then closes
 * the Realtime.
 */
@Timeout(120)
class GracefulShutdownTest {

  /** The prefix of the embedded web server's class name. */
  String expectedServer() {
    return "Tomcat";
  }

  @Test
  void closingTheContextClosesEverySocketWith1001AndStopsTheRealtime() throws Exception {
    ConfigurableApplicationContext context =
        new SpringApplicationBuilder(ChatApplication.class)
            .run(
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--realtime.jwt.secret=" + ExampleAppScenarios.SECRET);
    try {
      assertThat(ExampleAppScenarios.webServerName(context)).startsWith(expectedServer());
      int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
      Realtime realtime = context.getBean(Realtime.class);
      TestTokens tokens =
          new TestTokens(ExampleAppScenarios.SECRET.getBytes(StandardCharsets.UTF_8));
      CompanyId company = CompanyId.of(UUID.randomUUID().toString());
      try (RealtimeTestClient client =
          RealtimeTestClient.connect(
              URI.create("ws://127.0.0.1:" + port + "/realtime"),
              tokens.token("agent-bye", company, Role.COMMERCIAL),
              AuthMode.FIRST_FRAME)) {
        assertThat(realtime.isRunning()).isTrue();

        context.close();

        assertThat(client.awaitClose(Duration.ofSeconds(10))).isEqualTo(1001);
        assertThat(client.closeReason().map(CloseReason::getReasonPhrase))
            .contains("server shutting down");
        assertThat(realtime.isRunning()).isFalse();
      }
    } finally {
      context.close();
    }
  }
}
