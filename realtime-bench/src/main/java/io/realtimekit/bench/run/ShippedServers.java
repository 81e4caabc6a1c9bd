package io.realtimekit.bench.run;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The two servers of the three-way run that the bench does not build itself: realtimekit as the
 * README runs it ({@link #EXAMPLE_COMMAND}: the JVM options of {@link #EXAMPLE_JVM_OPTIONS}, its
 * defaults, configured by environment variables only), and the Node Socket.IO 4.8 peer ({@code node
 * realtime-bench/socketio-peer/server.js}, installed with {@code npm ci} from its lockfile when
 * {@code node_modules} is missing).
 */
final class ShippedServers {
  /**
   * The JVM options the README's run command gives the example server: the serial collector (a
   * single-threaded young collection suits a small heap on a few cores, and its heap stays near the
   * live set, where G1 sized from the machine's RAM grows far beyond it) with a bounded heap.
   */
  static final List<String> EXAMPLE_JVM_OPTIONS =
      List.of("-XX:+UseSerialGC", "-Xmx512m", "-Xmn64m");

  /** The README's command, which the bench runs (with the JVM found in {@code java.home}). */
  static final String EXAMPLE_COMMAND =
      "java "
          + String.join(" ", EXAMPLE_JVM_OPTIONS)
          + " -jar examples/target/realtime-example.jar";

  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration NPM_CI_TIMEOUT = Duration.ofMinutes(5);

  private ShippedServers() {}

  /**
   * Starts the example jar on a free loopback port with {@code REALTIME_JWT_SECRET=secret} and
   * {@code env} (e.g. the rate limit of a scenario); returns once {@code /health} answers 200.
   */
  static ServerProcess example(String secret, Options o, String label, Map<String, String> env)
      throws IOException {
    return example(
        secret,
        o,
        label,
        env,
        o.exampleJvmDefaults ? List.of() : EXAMPLE_JVM_OPTIONS,
        o.protocol.path);
  }

  /**
   * The same with the JVM options {@code jvm} in place of the README's (e.g. its heap rule applied
   * to another number of connections) and clients served at {@code path}.
   */
  static ServerProcess example(
      String secret,
      Options o,
      String label,
      Map<String, String> env,
      List<String> jvm,
      String path)
      throws IOException {
    Path jar = Path.of(o.exampleJar);
    if (!Files.isRegularFile(jar)) {
      throw new IOException(
          jar.toAbsolutePath()
              + " is missing: build it with"
              + " mvn -B -q -pl realtime-bench,examples -am package -DskipTests");
    }
    int port = freePort();
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvm); // the README's command line unless a scenario sizes the heap
    cmd.addAll(
        ServerProcess.jvmOptions(o, label, "realtime")); // empty unless --jfr or --server-jvm
    cmd.add("-jar");
    cmd.add(jar.toString());
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("PORT", Integer.toString(port));
    pb.environment().put("HOST", "127.0.0.1");
    pb.environment().put("REALTIME_JWT_SECRET", secret);
    pb.environment().putAll(env);
    Path log = log(o, label, "realtime");
    Process p = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    ServerProcess server =
        new ServerProcess("realtime", port, p, path, ServerProcess.Heap.JCMD, true);
    try {
      awaitHealth(p, port, log);
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  /** Starts the Node peer on a free loopback port; returns once it printed {@code READY <port>}. */
  static ServerProcess peer(String secret, Options o, String label) throws IOException {
    Path dir = peerDir(o);
    ensureInstalled(dir);
    ProcessBuilder pb = new ProcessBuilder("node", "server.js", "0").directory(dir.toFile());
    pb.environment().put("REALTIME_JWT_SECRET", secret);
    Path log = log(o, label, "socketio");
    Process p = pb.redirectError(log.toFile()).start();
    BufferedReader stdout =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line = stdout.readLine(); // the peer prints nothing before READY
    if (line == null || !line.startsWith("READY ")) {
      p.destroyForcibly();
      throw new IOException("the Socket.IO peer did not start (" + line + "); see " + log);
    }
    return new ServerProcess(
        "socketio",
        Integer.parseInt(line.substring(6).trim()),
        p,
        Protocol.SOCKETIO.path,
        ServerProcess.Heap.NONE);
  }

  /**
   * {@code realtime-bench/socketio-peer}, from the repository root or from {@code realtime-bench}.
   */
  static Path peerDir(Options o) throws IOException {
    for (Path candidate : List.of(Path.of(o.peerDir), Path.of("socketio-peer"))) {
      if (Files.isRegularFile(candidate.resolve("server.js"))) {
        return candidate.toAbsolutePath().normalize();
      }
    }
    throw new IOException(
        "no server.js in " + Path.of(o.peerDir).toAbsolutePath() + " (--peer-dir)");
  }

  /** Runs {@code npm ci} in {@code dir} (bounded) unless socket.io is installed there already. */
  static void ensureInstalled(Path dir) throws IOException {
    if (Files.isRegularFile(dir.resolve("node_modules/socket.io/package.json"))) {
      return;
    }
    Path log = dir.resolve("npm-ci.log");
    Process npm =
        new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      if (!npm.waitFor(NPM_CI_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        npm.destroyForcibly();
        throw new IOException(
            "npm ci in " + dir + " did not finish in " + NPM_CI_TIMEOUT + "; see " + log);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      npm.destroyForcibly();
      throw new IOException("interrupted during npm ci", e);
    }
    if (npm.exitValue() != 0) {
      throw new IOException(
          "npm ci in " + dir + " exited " + npm.exitValue() + ": " + Files.readString(log));
    }
    Files.deleteIfExists(log);
  }

  private static Path log(Options o, String label, String mode) throws IOException {
    Path log = Path.of(o.out, "logs", label + "-" + mode + ".log");
    Files.createDirectories(log.getParent());
    return log;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void awaitHealth(Process p, int port, Path log) throws IOException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest req =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
            .timeout(Duration.ofSeconds(5))
            .build();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IOException("the example server exited " + p.exitValue() + "; see " + log);
      }
      try {
        if (http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for the example server", e);
      }
      try {
        p.waitFor(200, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for the example server", e);
      }
    }
    throw new IOException(
        "the example server did not answer /health within " + START_TIMEOUT + "; see " + log);
  }
}
