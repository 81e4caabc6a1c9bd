package io.realtimekit.bench.run;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The parent's handle on one {@link ClusterAgent} child JVM: commands written to its stdin, one
 * answer line read back from its stdout (a reader thread queues them, so that waits are bounded);
 * its stderr goes to a log file.
 */
final class AgentProcess implements AutoCloseable {
  /** The agents' JVM options: a small serial-collected heap (sockets, peers, tokens). */
  static final List<String> JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-Xmx768m", "-Xss512k");

  final String source;
  private final Process process;
  private final Writer stdin;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final Path log;

  private AgentProcess(String source, Process process, Path log) {
    this.source = source;
    this.process = process;
    this.log = log;
    this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader out =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                  lines.add(line);
                }
              } catch (IOException ignored) {
                // the process is gone
              }
              lines.add("EOF");
            },
            "agent-" + source);
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts an agent bound to {@code source}; returns once it printed {@code READY}. */
  static AgentProcess start(String source, String secretHex, Path log) throws IOException {
    Files.createDirectories(log.getParent());
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(JVM_OPTIONS);
    cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(ClusterAgent.class.getName());
    cmd.add(source);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(log.toFile());
    pb.environment().put("RTK_BENCH_SECRET", secretHex);
    AgentProcess agent = new AgentProcess(source, pb.start(), log);
    String ready = agent.await(Duration.ofSeconds(60));
    if (!"READY".equals(ready)) {
      agent.close();
      throw new IOException("load generator on " + source + " did not start (" + ready + ")");
    }
    return agent;
  }

  long pid() {
    return process.pid();
  }

  /** Writes one command line. */
  void send(String command) throws IOException {
    stdin.write(command + "\n");
    stdin.flush();
  }

  /** The next answer line, within {@code timeout}. */
  String await(Duration timeout) throws IOException {
    String line;
    try {
      line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for the load generator on " + source, e);
    }
    if (line == null || line.equals("EOF") || line.startsWith("ERROR")) {
      throw new IOException(
          "load generator on " + source + " answered " + line + " (see " + log + ")");
    }
    return line;
  }

  /** The {@code key=value} words of an answer line, after its first word. */
  static Map<String, String> fields(String line) {
    Map<String, String> m = new HashMap<>();
    String[] words = line.split(" ");
    for (int i = 1; i < words.length; i++) {
      int eq = words[i].indexOf('=');
      if (eq > 0) {
        m.put(words[i].substring(0, eq), words[i].substring(eq + 1));
      }
    }
    return m;
  }

  @Override
  public void close() {
    try {
      send("QUIT");
    } catch (IOException ignored) {
      // already gone
    }
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  @Override
  public String toString() {
    return "load generator on " + source;
  }
}
