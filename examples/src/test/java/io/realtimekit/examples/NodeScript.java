package io.realtimekit.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the Node scripts of {@code examples/e2e} (clients no one wrote for this project) as child
 * processes: bounded in time, output captured into a log file under {@code examples/target/e2e} and
 * into the assertion message, and the process tree killed in any case.
 */
final class NodeScript {
  private static final Duration NPM_CI_TIMEOUT = Duration.ofMinutes(5);
  private static final Object INSTALL_LOCK = new Object();

  private NodeScript() {}

  /** {@code examples/e2e}, whether Surefire runs in {@code examples} or in the reactor root. */
  static Path e2eDir() {
    for (Path candidate : List.of(Path.of("e2e"), Path.of("examples", "e2e"))) {
      if (Files.isRegularFile(candidate.resolve("package.json"))) {
        return candidate.toAbsolutePath().normalize();
      }
    }
    return fail("examples/e2e/package.json not found from " + Path.of("").toAbsolutePath());
  }

  /** {@code examples/target}, where logs and failure screenshots go. */
  static Path targetDir() {
    return e2eDir().getParent().resolve("target");
  }

  /**
   * Makes sure {@code node} answers and {@code examples/e2e/node_modules} holds the pinned
   * packages, running {@code npm ci} (bounded) when they are missing.
   */
  static void ensureInstalled() throws Exception {
    synchronized (INSTALL_LOCK) {
      Result node =
          run(List.of("node", "--version"), e2eDir(), Duration.ofSeconds(30), "node-version");
      assertThat(node.exitCode())
          .as(
              "`node --version` failed: Node.js 20+ and npm are needed (.ci/run installs them)\n%s",
              node.output())
          .isZero();
      Path modules = e2eDir().resolve("node_modules");
      if (Files.isRegularFile(modules.resolve("ws/package.json"))
          && Files.isRegularFile(modules.resolve("playwright-core/package.json"))) {
        return;
      }
      Result ci =
          run(List.of("npm", "ci", "--no-audit", "--no-fund"), e2eDir(), NPM_CI_TIMEOUT, "npm-ci");
      assertThat(ci.exitCode())
          .as("`npm ci` in %s failed (exit %s):\n%s", e2eDir(), ci.exitCode(), ci.output())
          .isZero();
    }
  }

  /**
   * Runs {@code node <script> <args...>} in examples/e2e; fails the test unless it exits 0 in time.
   */
  static Result runScript(String script, Duration timeout, List<String> args) throws Exception {
    List<String> command = new ArrayList<>(List.of("node", script));
    command.addAll(args);
    Result result = run(command, e2eDir(), timeout, script.replace(".mjs", ""));
    assertThat(result.exitCode())
        .as(
            "`%s` %s (log %s):\n%s",
            String.join(" ", command),
            result.exitCode() == null
                ? "did not finish within " + timeout + " and was killed"
                : "exited " + result.exitCode(),
            result.log(),
            result.output())
        .isZero();
    return result;
  }

  /**
   * Runs {@code command} in {@code dir}: stdin closed, stdout and stderr merged into a log file,
   * killed (with every descendant) when it outlives {@code timeout} and in any case on the way out.
   *
   * @return its exit code ({@code null} when it was killed for the timeout) and its output
   */
  static Result run(List<String> command, Path dir, Duration timeout, String name)
      throws Exception {
    Path logs = targetDir().resolve("e2e");
    Files.createDirectories(logs);
    Path log = logs.resolve(name + ".log");
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
    Process process;
    try {
      process = pb.start();
    } catch (IOException e) {
      return fail(
          "cannot start `"
              + String.join(" ", command)
              + "` (is it installed? .ci/run installs"
              + " Node.js, npm and Chromium): "
              + e.getMessage());
    }
    try {
      boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      Integer exit = finished ? process.exitValue() : null;
      return new Result(exit, read(log), log);
    } finally {
      destroyTree(process);
    }
  }

  private static java.io.File nullDevice() {
    return new java.io.File(
        System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
  }

  private static void destroyTree(Process process) throws InterruptedException {
    List<ProcessHandle> descendants = process.descendants().toList();
    descendants.forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
    for (ProcessHandle h : descendants) {
      h.onExit().completeOnTimeout(h, 5, TimeUnit.SECONDS).join();
    }
  }

  private static String read(Path log) throws IOException {
    String text = Files.readString(log, StandardCharsets.UTF_8);
    int max = 20_000;
    return text.length() <= max ? text : "...\n" + text.substring(text.length() - max);
  }

  /** What a run gave. */
  record Result(Integer exitCode, String output, Path log) {}
}
