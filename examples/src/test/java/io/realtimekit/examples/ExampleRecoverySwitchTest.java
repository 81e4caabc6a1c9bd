package io.realtimekit.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Role;
import io.realtimekit.testkit.AuthMode;
import io.realtimekit.testkit.RealtimeTestClient;
import io.realtimekit.testkit.Reply;
import io.realtimekit.testkit.TestTokens;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code REALTIME_RECOVERY}: message continuity on by default, {@code off} by name, nothing else.
 */
@Timeout(60)
class ExampleRecoverySwitchTest {
  private static final String SECRET = "example-recovery-switch-test-secret-0123456789";
  private static final Duration WAIT = Duration.ofSeconds(5);

  @Test
  void onUnlessTurnedOffByNameAndAnythingElseIsAConfigurationError() {
    assertThat(ExampleServer.recovery(Map.of())).isTrue();
    assertThat(ExampleServer.recovery(Map.of("REALTIME_RECOVERY", " "))).isTrue();
    assertThat(ExampleServer.recovery(Map.of("REALTIME_RECOVERY", "on"))).isTrue();
    assertThat(ExampleServer.recovery(Map.of("REALTIME_RECOVERY", "OFF "))).isFalse();
    assertThatThrownBy(() -> ExampleServer.recovery(Map.of("REALTIME_RECOVERY", "no")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("REALTIME_RECOVERY")
        .hasMessageContaining("'no'");
    assertThatThrownBy(() -> ExampleServer.start(env("maybe")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("REALTIME_RECOVERY");
  }

  @Test
  void offTheExampleSendsNoPositionAndOnItDoes() throws Exception {
    assertThat(firstChatMessage("off")).doesNotContain("\"offset\"");
    assertThat(firstChatMessage("on")).contains("\"offset\":");
  }

  /** Starts the example with {@code REALTIME_RECOVERY=value}; one chat message; its raw frame. */
  private static String firstChatMessage(String value) throws Exception {
    TestTokens tokens = TestTokens.forSecret(SECRET.getBytes(StandardCharsets.UTF_8));
    CompanyId company = CompanyId.of(UUID.randomUUID());
    try (ExampleServer example = ExampleServer.start(env(value));
        RealtimeTestClient agent =
            RealtimeTestClient.connect(
                example.server().uri(),
                tokens.token("c1", company, Role.COMMERCIAL),
                AuthMode.FIRST_FRAME);
        RealtimeTestClient visitor =
            RealtimeTestClient.connect(
                example.server().uri(),
                tokens.token("v1", company, Role.VISITOR),
                AuthMode.FIRST_FRAME)) {
      boolean on = value.equals("on");
      assertThat(agent.connectedData().has("epoch"))
          .as(agent.connectedData().toString())
          .isEqualTo(on);
      Reply reply = visitor.request("chat:message", Map.of("to", "c1", "message", "hello"));
      assertThat(reply.ok()).as(reply.toString()).isTrue();
      assertThat(agent.await("chat:message", WAIT).path("message").asText()).isEqualTo("hello");
      return agent.frames().stream()
          .filter(f -> f.contains("\"chat:message\""))
          .findFirst()
          .orElseThrow();
    }
  }

  private static Map<String, String> env(String recovery) {
    return Map.of(
        "HOST",
        "127.0.0.1",
        "PORT",
        "0",
        "REALTIME_JWT_SECRET",
        SECRET,
        "REALTIME_RECOVERY",
        recovery);
  }
}
