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

/**
 * A server under load in its own process on this machine's loopback: a {@link BenchServer} in a
 * child JVM (native protocol, realtimekit or the baseline; or the baseline in Socket.IO framing),
 * the example server's jar as the README runs it ({@link ShippedServers#example}), or the Node
 * Socket.IO peer ({@link ShippedServers#peer}).
 */
final class ServerProcess implements AutoCloseable {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** How the heap after GC of a server is read. */
  enum Heap {
    /** {@code GET /bench/heap} of a {@link BenchServer}. */
    BENCH_SERVLET,
    /** {@code jcmd <pid> GC.class_histogram} (a full collection, then the live bytes). */
    JCMD,
    /** Not a JVM. */
    NONE
  }

  final String mode;
  final int port;

  /**
   * True for a server that assigns visitors to commercials (the example jar): a visitor may write
   * to its commercial only once it is told {@code visitor:assigned}, so the scenarios wait for it.
   */
  final boolean assignsVisitors;

  private final Process process;
  private final String path;
  private final Heap heap;
  private int histograms;

  ServerProcess(String mode, int port, Process process, String path, Heap heap) {
    this(mode, port, process, path, heap, false);
  }

  ServerProcess(
      String mode, int port, Process process, String path, Heap heap, boolean assignsVisitors) {
    this.assignsVisitors = assignsVisitors;
    this.mode = mode;
    this.port = port;
    this.process = process;
    this.path = path;
    this.heap = heap;
  }

  static ServerProcess start(String mode, byte[] secret, Options o, String label)
      throws IOException {
    return start(mode, secret, o, label, List.of());
  }

  /**
   * {@code extra}: more BenchServer arguments, e.g. {@code --redis=redis://127.0.0.1:PORT
   * --node=a}.
   */
  static ServerProcess start(
      String mode, byte[] secret, Options o, String label, List<String> extra) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if (extra.contains("--socketio")) {
      // the three-way run: the baseline gets the JVM defaults, like the example jar as shipped
      cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
      cmd.addAll(jvmOptions(o, label, mode));
    } else {
      cmd.add("-Xmx" + o.serverHeap);
      cmd.add("-Xms256m");
      if (o.serverJvmArgs.stream().noneMatch(a -> a.startsWith("-XX:+Use") && a.endsWith("GC"))) {
        cmd.add("-XX:+UseG1GC"); // unless --server-jvm chose another collector
      }
      cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
      cmd.addAll(jvmOptions(o, label, mode));
    }
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
    BufferedReader stdout =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = stdout.readLine()) != null) {
      if (line.startsWith("READY ")) {
        int port = Integer.parseInt(line.substring(6).trim());
        Thread drain =
            new Thread(
                () -> {
                  try {
                    while (stdout.readLine() != null) {
                      // discard
                    }
                  } catch (IOException ignored) {
                    // process gone
                  }
                },
                "server-stdout");
        drain.setDaemon(true);
        drain.start();
        return new ServerProcess(
            mode,
            port,
            p,
            extra.contains("--socketio") ? Protocol.SOCKETIO.path : Protocol.NATIVE.path,
            Heap.BENCH_SERVLET);
      }
    }
    p.destroyForcibly();
    String text = Files.readString(log);
    throw new IOException(
        "bench server "
            + mode
            + " did not start; see "
            + log
            + " ("
            + new File(log.toString()).length()
            + " bytes), ending: "
            + text.substring(Math.max(0, text.length() - 2000)));
  }

  /** {@code --jfr} and {@code --server-jvm}: the only JVM options the bench adds on request. */
  static List<String> jvmOptions(Options o, String label, String mode) throws IOException {
    List<String> cmd = new ArrayList<>();
    if (o.jfrDir != null) {
      Files.createDirectories(Path.of(o.jfrDir));
      cmd.add(
          "-XX:StartFlightRecording=filename="
              + Path.of(o.jfrDir, label + "-" + mode + ".jfr").toAbsolutePath()
              + ",settings=profile,dumponexit=true");
    }
    cmd.addAll(o.serverJvmArgs);
    return cmd;
  }

  /** True for the example jar (heap by jcmd, {@code /metrics}), false for a BenchServer. */
  boolean heapViaJcmd() {
    return heap == Heap.JCMD;
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
    return URI.create("ws://127.0.0.1:" + port + path);
  }

  /** Live heap bytes after a full collection; -1 for a server that is not a JVM. */
  long heapAfterGcBytes() throws IOException, InterruptedException {
    return switch (heap) {
      case BENCH_SERVLET -> {
        String json = get("/bench/heap");
        int i = json.indexOf("\"heapUsed\":") + 11;
        int j = i;
        while (j < json.length() && Character.isDigit(json.charAt(j))) {
          j++;
        }
        yield Long.parseLong(json.substring(i, j));
      }
      case JCMD -> {
        Process jcmd =
            new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(pid()),
                    "GC.class_histogram")
                .redirectErrorStream(true)
                .start();
        String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        jcmd.waitFor(60, TimeUnit.SECONDS);
        keepHistogram(out);
        for (String line : out.split("\n")) {
          String[] f = line.trim().split("\\s+");
          if (f.length == 3 && f[0].equals("Total")) {
            yield Long.parseLong(f[2]);
          }
        }
        throw new IOException(
            "no Total line in jcmd GC.class_histogram: " + out.lines().limit(5).toList());
      }
      case NONE -> -1;
    };
  }

  /**
   * With {@code -Dbench.histograms=DIR} on the runner, each histogram is also written to {@code
   * DIR/histogram-<pid>-<n>.txt}, to diff what a number of connections holds class by class.
   */
  private void keepHistogram(String histogram) throws IOException {
    String dir = System.getProperty("bench.histograms");
    if (dir != null) {
      Path d = Files.createDirectories(Path.of(dir));
      Files.writeString(d.resolve("histogram-" + pid() + "-" + (++histograms) + ".txt"), histogram);
    }
  }

  String get(String pathAndQuery) throws IOException, InterruptedException {
    HttpRequest req =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
            .timeout(Duration.ofSeconds(60))
            .build();
    return HTTP.send(req, HttpResponse.BodyHandlers.ofString()).body();
  }

  /** SIGKILL, as a crash: no shutdown hook runs. Returns once the process is gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  boolean alive() {
    return process.isAlive();
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
