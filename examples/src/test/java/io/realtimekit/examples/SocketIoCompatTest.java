package io.realtimekit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.UserId;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The official {@code socket.io-client} (pinned in {@code examples/socketio-compat}) against the
 * example server, in-process on a free port: each scenario of {@code scenarios.js} runs in its own
 * {@code node} process and must exit 0. Needs {@code node} and {@code npm} on the PATH; runs {@code
 * npm ci} first when {@code node_modules} is missing.
 */
@Timeout(180)
class SocketIoCompatTest {
  static final Path DIR = Path.of("socketio-compat").toAbsolutePath();
  static final String SECRET = "socket.io-compat-secret-0123456789abcdef";
  static final Duration SCENARIO_LIMIT = Duration.ofSeconds(90);

  ExampleServer example;
  int port;

  @BeforeAll
  static void installClient() throws Exception {
    assertThat(DIR.resolve("package-lock.json")).as("the compat folder").exists();
    if (!Files.isDirectory(DIR.resolve("node_modules").resolve("socket.io-client"))) {
      Process npm =
          new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
              .directory(DIR.toFile())
              .redirectErrorStream(true)
              .start();
      String out = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      boolean done = npm.waitFor(5, TimeUnit.MINUTES);
      if (!done) {
        npm.destroyForcibly();
      }
      assertThat(done && npm.exitValue() == 0).as("npm ci in %s:%n%s", DIR, out).isTrue();
    }
  }

  @BeforeEach
  void start() throws Exception {
    example =
        ExampleServer.start(
            Map.of("PORT", "0", "REALTIME_JWT_SECRET", SECRET, "NODE_ID", "socketio-compat"));
    port = example.server().port();
  }

  @AfterEach
  void stop() throws Exception {
    if (example != null) {
      example.close();
    }
  }

  String base() {
    return "http://localhost:" + port;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "default-options-upgrade-and-native-chat",
        "websocket-only",
        "forged-token",
        "chat-acknowledgement-and-error",
        "server-notification",
        "two-tabs-of-one-user",
        "conversation-from-assignment"
      })
  void scenario(String name) throws Exception {
    try (Node node = Node.run(base(), name)) {
      node.assertPassed();
    }
  }

  @Test
  void theClientReconnectsAfterTheServerRestarts() throws Exception {
    try (Node node = Node.run(base(), "reconnect-after-restart")) {
      node.awaitLine("READY");
      example.close();
      example = null;
      example = restartOnSamePort();
      node.assertPassed();
      assertThat(node.output()).contains("RECONNECTED");
    }
  }

  @Test
  void aKickIsASocketIoDisconnectAndTheClientStaysAway() throws Exception {
    try (Node node = Node.run(base(), "server-side-disconnect")) {
      String company = node.awaitLine("READY").substring("READY ".length()).trim();
      assertThat(
              example
                  .realtime()
                  .kick(CompanyId.of(company), UserId.of("k-visitor"), "kicked")
                  .value())
          .isEqualTo(1);
      node.assertPassed();
    }
  }

  private ExampleServer restartOnSamePort() throws Exception {
    Exception last = null;
    for (int attempt = 0; attempt < 20; attempt++) {
      try {
        return ExampleServer.start(
            Map.of(
                "PORT",
                String.valueOf(port),
                "REALTIME_JWT_SECRET",
                SECRET,
                "NODE_ID",
                "socketio-compat-2"));
      } catch (IOException e) {
        last = e; // the port is not free yet
        Thread.sleep(250);
      }
    }
    throw last;
  }

  /** One {@code node scenarios.js} process; its output is collected line by line. */
  static final class Node implements AutoCloseable {
    private final Process process;
    private final String name;
    private final StringBuffer output = new StringBuffer();
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private Node(Process process, String name) {
      this.process = process;
      this.name = name;
      Thread reader = new Thread(this::read, "node-" + name);
      reader.setDaemon(true);
      reader.start();
    }

    static Node run(String base, String scenario) throws IOException {
      return run(base, "scenarios.js", scenario);
    }

    /**
     * Runs {@code scenario} of another script of the compat folder (same arguments and exit codes).
     */
    static Node run(String base, String script, String scenario) throws IOException {
      Process p =
          new ProcessBuilder("node", script, base, scenario)
              .directory(DIR.toFile())
              .redirectErrorStream(true)
              .start();
      return new Node(p, scenario);
    }

    private void read() {
      try (BufferedReader r =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          output.append(line).append('\n');
          lines.add(line);
        }
      } catch (IOException ignored) {
        // the process ended
      }
    }

    /** Waits (bounded) for a line starting with {@code prefix}. */
    String awaitLine(String prefix) throws InterruptedException {
      long deadline = System.nanoTime() + SCENARIO_LIMIT.toNanos();
      while (System.nanoTime() < deadline) {
        String line = lines.poll(100, TimeUnit.MILLISECONDS);
        if (line != null && line.startsWith(prefix)) {
          return line;
        }
        if (line == null && !process.isAlive() && lines.isEmpty()) {
          break;
        }
      }
      throw new AssertionError(name + ": no line " + prefix + " from node:\n" + output);
    }

    void assertPassed() throws InterruptedException {
      boolean done = process.waitFor(SCENARIO_LIMIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(done).as("%s still running after %s:%n%s", name, SCENARIO_LIMIT, output).isTrue();
      Thread.sleep(50); // let the reader drain the last lines
      assertThat(process.exitValue()).as("%s exit code; node said:%n%s", name, output).isZero();
      assertThat(output()).contains("PASS " + name);
    }

    String output() {
      return output.toString();
    }

    @Override
    public void close() {
      process.destroyForcibly();
    }
  }
}
