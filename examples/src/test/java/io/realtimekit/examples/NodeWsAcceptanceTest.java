package io.realtimekit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 3 acceptance with a client no one wrote for this project: {@code
 * examples/e2e/ws-acceptance.mjs} (Node's {@code ws} package) against the example server started as
 * in the README, on a free port. Tokens from {@code /dev/token}, a commercial and a visitor chat, a
 * forged token is closed with 4401 and the other two receive no frame about it.
 */
@Timeout(value = 8, unit = java.util.concurrent.TimeUnit.MINUTES) // npm ci may run first
class NodeWsAcceptanceTest {
  static final String SECRET = "e2e-fixed-secret-for-tests-0123456789abcdef";
  private ExampleServer example;

  @BeforeEach
  void start() throws Exception {
    NodeScript.ensureInstalled();
    example =
        ExampleServer.start(
            Map.of(
                "HOST",
                "127.0.0.1",
                "PORT",
                "0",
                "REALTIME_JWT_SECRET",
                SECRET,
                "NODE_ID",
                "e2e-ws"));
  }

  @AfterEach
  void stop() throws Exception {
    if (example != null) {
      example.close();
    }
  }

  @Test
  void aNodeWsClientChatsAndAForgedTokenIsClosed4401Unseen() throws Exception {
    String base = "http://127.0.0.1:" + example.server().port();
    NodeScript.Result result =
        NodeScript.runScript("ws-acceptance.mjs", Duration.ofSeconds(60), List.of(base));
    assertThat(result.output())
        .contains("intruder: {\"type\":\"error\",\"data\":{\"code\":\"UNAUTHORIZED\"")
        .contains("then close 4401")
        .contains("no frame reached the commercial or the visitor")
        .contains("PASS");
  }
}
