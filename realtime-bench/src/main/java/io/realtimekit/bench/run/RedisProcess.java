package io.realtimekit.bench.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A {@code redis-server} child process on a free loopback port, without persistence: never the
 * machine's own Redis. Its log goes to {@code <out>/logs/crossnode-redis.log}.
 */
final class RedisProcess implements AutoCloseable {
  final int port;
  private final Process process;

  private RedisProcess(int port, Process process) {
    this.port = port;
    this.process = process;
  }

  /** Starts one on a free port and waits until it answers PING (10 s at most). */
  static RedisProcess start(Path log) throws IOException, InterruptedException {
    int port = freePort();
    Files.createDirectories(log.getParent());
    Process p;
    try {
      p =
          new ProcessBuilder(
                  List.of(
                      "redis-server",
                      "--port",
                      Integer.toString(port),
                      "--bind",
                      "127.0.0.1",
                      "--save",
                      "",
                      "--appendonly",
                      "no",
                      "--daemonize",
                      "no"))
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
    } catch (IOException e) {
      throw new IOException(
          "cannot start redis-server (install the Debian package redis-server)", e);
    }
    RedisProcess r = new RedisProcess(port, p);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IOException(
            "redis-server exited with " + p.exitValue() + " on port " + port + "; see " + log);
      }
      if (r.pings()) {
        return r;
      }
      p.waitFor(50, TimeUnit.MILLISECONDS);
    }
    r.close();
    throw new IOException(
        "redis-server on port " + port + " did not answer PING within 10 s; see " + log);
  }

  /**
   * Sends {@code signal} ({@code STOP}: every client's commands hang until {@code CONT}) to the
   * server; its data stays.
   */
  void signal(String signal) throws IOException, InterruptedException {
    Process kill =
        new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
            .redirectErrorStream(true)
            .start();
    if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new IOException("kill -" + signal + " " + process.pid() + " failed");
    }
  }

  String uri() {
    return "redis://127.0.0.1:" + port;
  }

  long cpuNanos() {
    return Proc.cpuNanos(process.pid());
  }

  /**
   * How many times {@code command} has been called since this server started: the {@code calls} of
   * its {@code cmdstat_<command>} line in {@code INFO commandstats} (0 when never called).
   */
  long commandCalls(String command) throws IOException {
    String prefix = "cmdstat_" + command.toLowerCase(Locale.ROOT);
    String stats = info("commandstats").get(prefix);
    if (stats == null) {
      return 0;
    }
    int start = stats.indexOf("calls=") + "calls=".length();
    int end = stats.indexOf(',', start);
    return Long.parseLong(stats.substring(start, end < 0 ? stats.length() : end));
  }

  /**
   * A numeric field of {@code INFO <section>} (e.g. {@code memory}, {@code used_memory}; {@code
   * keyspace}, {@code db0} gives its {@code keys}); -1 when absent.
   */
  long infoField(String section, String field) throws IOException {
    String v = info(section).get(field);
    if (v == null) {
      return -1;
    }
    if (v.startsWith("keys=")) {
      v = v.substring(5, v.indexOf(','));
    }
    return Long.parseLong(v.trim());
  }

  /**
   * The fields of {@code INFO <section>} ({@code memory}, {@code cpu}, {@code commandstats}...), by
   * name: {@code used_memory} to {@code "1234"}, {@code cmdstat_get} to {@code "calls=1,..."}.
   */
  Map<String, String> info(String section) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      out.write(("INFO " + section + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      StringBuilder header = new StringBuilder();
      for (int c = in.read(); c != '\n'; c = in.read()) {
        if (c < 0) {
          throw new IOException("redis-server closed the connection during INFO");
        }
        header.append((char) c);
      }
      if (header.charAt(0) != '$') {
        throw new IOException("unexpected answer to INFO " + section + ": " + header);
      }
      int length = Integer.parseInt(header.substring(1).trim());
      String info = new String(in.readNBytes(length), StandardCharsets.UTF_8);
      Map<String, String> fields = new LinkedHashMap<>();
      for (String line : info.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && !line.startsWith("#")) {
          fields.put(line.substring(0, colon), line.substring(colon + 1));
        }
      }
      return fields;
    }
  }

  long pid() {
    return process.pid();
  }

  private boolean pings() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      s.setSoTimeout(500);
      OutputStream out = s.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] buf = in.readNBytes(7);
      return new String(buf, StandardCharsets.US_ASCII).startsWith("+PONG");
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
