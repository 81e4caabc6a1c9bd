package io.realtimekit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 3 acceptance: the demo page works in a real browser. {@code examples/e2e/demo-page.mjs}
 * drives Debian's headless Chromium through playwright-core: a visitor page and a commercial page
 * connect through the UI, presence shows the visitor to the commercial, and messages typed in one
 * panel arrive in the other. On failure the script leaves screenshots in {@code examples/target/}.
 *
 * <p>Never skipped: without {@code /usr/bin/chromium} it fails and says what installs it.
 */
@Timeout(value = 8, unit = java.util.concurrent.TimeUnit.MINUTES) // npm ci may run first
class DemoPageBrowserTest {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private ExampleServer example;

  @BeforeEach
  void start() throws Exception {
    assertThat(Files.isExecutable(CHROMIUM))
        .as(
            "%s is missing: the browser test needs Debian's chromium package; .ci/run installs it"
                + " (apt-get install -y chromium chromium-driver)",
            CHROMIUM)
        .isTrue();
    NodeScript.ensureInstalled();
    example =
        ExampleServer.start(
            Map.of(
                "HOST",
                "127.0.0.1",
                "PORT",
                "0",
                "REALTIME_JWT_SECRET",
                NodeWsAcceptanceTest.SECRET,
                "NODE_ID",
                "e2e-browser"));
  }

  @AfterEach
  void stop() throws Exception {
    if (example != null) {
      example.close();
    }
  }

  @Test
  void aVisitorAndACommercialChatThroughTheDemoPageInChromium() throws Exception {
    String base = "http://127.0.0.1:" + example.server().port();
    NodeScript.Result result =
        NodeScript.runScript("demo-page.mjs", Duration.ofSeconds(120), List.of(base));
    assertThat(result.output())
        .contains("the commercial lists the visitor online")
        .contains("the visitor's message arrived in the commercial's panel")
        .contains("PASS");
  }
}
