package io.realtimekit.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code socketio/client.js} (the official {@code socket.io-client}, pinned with its lockfile
 * in {@code examples/socketio-compat}) in a {@code node} process and asserts it passed. Needs
 * {@code node} and {@code npm} on the PATH; runs {@code npm ci} there first when {@code
 * node_modules} is missing.
 */
final class SocketIoScript {
  static final Path COMPAT = Path.of("..", "socketio-compat").toAbsolutePath().normalize();
  static final Path SCRIPT = Path.of("socketio", "client.js").toAbsolutePath();
  static final long LIMIT_SECONDS = 60;

  private SocketIoScript() {}

  static synchronized void installClient() throws Exception {
    assertThat(COMPAT.resolve("package-lock.json")).as("the pinned client").exists();
    if (Files.isDirectory(COMPAT.resolve("node_modules").resolve("socket.io-client"))) {
      return;
    }
    Process npm =
        new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
            .directory(COMPAT.toFile())
            .redirectErrorStream(true)
            .start();
    CompletableFuture<String> out = drain(npm);
    boolean done = npm.waitFor(5, TimeUnit.MINUTES);
    if (!done) {
      npm.destroyForcibly();
    }
    assertThat(done && npm.exitValue() == 0)
        .as("npm ci in %s:%n%s", COMPAT, out.getNow(""))
        .isTrue();
  }

  static void run(
      String base,
      String mode,
      String agentToken,
      String agentId,
      String visitorToken,
      String visitorId)
      throws Exception {
    installClient();
    Process node =
        new ProcessBuilder(
                List.of(
                    "node",
                    SCRIPT.toString(),
                    base,
                    mode,
                    agentToken,
                    agentId,
                    visitorToken,
                    visitorId))
            .redirectErrorStream(true)
            .start();
    try {
      CompletableFuture<String> out = drain(node);
      boolean done = node.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS);
      assertThat(done).as("node %s still running after %d s", mode, LIMIT_SECONDS).isTrue();
      String output = out.get(5, TimeUnit.SECONDS);
      assertThat(node.exitValue()).as("node %s exit code; it said:%n%s", mode, output).isZero();
      assertThat(output).contains("PASS " + mode);
    } finally {
      node.destroyForcibly();
    }
  }

  private static CompletableFuture<String> drain(Process process) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            return "(output unreadable: " + e + ")";
          }
        });
  }
}
