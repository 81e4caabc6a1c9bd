package io.realtimekit.bench.run;

import io.realtimekit.bench.server.BenchServer;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A {@link BenchServer} in a child JVM on this machine's loopback. */
final class ServerProcess implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  final String mode;
  final int port;
  private final Process process;

  private ServerProcess(String mode, int port, Process process) {
    this.mode = mode;
    this.port = port;
    this.process = process;
  }

  static ServerProcess start(String mode, byte[] secret, Options o, String label) throws IOException {
    return start(mode, secret, o, label, List.of());
  }

  /** {@code extra}: more BenchServer arguments, e.g. {@code --redis=redis://127.0.0.1:PORT --node=a}. */
  static ServerProcess start(String mode, byte[] secret, Options o, String label, List<String> extra)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx" + o.serverHeap);
    cmd.add("-Xms256m");
    if (o.serverJvmArgs.stream().noneMatch(a -> a.startsWith("-XX:+Use") && a.endsWith("GC"))) {
      cmd.add("-XX:+UseG1GC"); // unless --server-jvm chose another collector
    }
    cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    if (o.jfrDir != null) {
      Files.createDirectories(Path.of(o.jfrDir));
      cmd.add("-XX:StartFlightRecording=filename=" + Path.of(o.jfrDir, label + "-" + mode + ".jfr").toAbsolutePath()
          + ",settings=profile,dumponexit=true");
    }
    cmd.addAll(o.serverJvmArgs);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(BenchServer.class.getName());
    cmd.add(mode);
    cmd.add("0");
    cmd.add(HexFormat.of().formatHex(secret));
    if (o.metrics && mode.equals("realtime")) {
      cmd.add("metrics");
    }
    cmd.addAll(extra);
    Path log = Path.of(o.out, "logs", label + "-" + mode + ".log");
    Files.createDirectories(log.getParent());
    Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
    BufferedReader stdout = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = stdout.readLine()) != null) {
      if (line.startsWith("READY ")) {
        int port = Integer.parseInt(line.substring(6).trim());
        Thread drain = new Thread(() -> {
          try {
            while (stdout.readLine() != null) {
              // discard
            }
          } catch (IOException ignored) {
            // process gone
          }
        }, "server-stdout");
        drain.setDaemon(true);
        drain.start();
        return new ServerProcess(mode, port, p);
      }
    }
    p.destroyForcibly();
    throw new IOException("bench server " + mode + " did not start; see " + log + " (" + new File(log.toString()).length() + " bytes)");
  }

  long pid() {
    return process.pid();
  }

  long cpuNanos() {
    return Proc.cpuNanos(process.pid());
  }

  long rssBytes() {
    return Proc.rssBytes(process.pid());
  }

  URI ws() {
    return URI.create("ws://127.0.0.1:" + port + "/realtime");
  }

  String get(String pathAndQuery) throws IOException, InterruptedException {
    HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
        .timeout(Duration.ofSeconds(60)).build();
    return HTTP.send(req, HttpResponse.BodyHandlers.ofString()).body();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
