package io.realtimekit.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code redis-server} child process on a free loopback port, without persistence, for tests:
 * never the machine's own Redis. {@link #stop()} kills it; {@link #start()} starts it again on the
 * same port (an outage and a restart, data lost as with a Redis without persistence).
 */
public final class RedisServerProcess implements AutoCloseable {
  private final int port;
  private Process process;

  private RedisServerProcess(int port) {
    this.port = port;
  }

  /** Starts one on a free port and waits until it answers PING. */
  public static RedisServerProcess startNew() {
    RedisServerProcess r = new RedisServerProcess(freePort());
    r.start();
    return r;
  }

  /** The port. */
  public int port() {
    return port;
  }

  /** {@code redis://127.0.0.1:<port>}. */
  public String uri() {
    return "redis://127.0.0.1:" + port;
  }

  /** Starts the server (again) on its port and waits until it answers PING (10 s at most). */
  public synchronized void start() {
    if (process != null && process.isAlive()) {
      return;
    }
    ProcessBuilder pb =
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
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    try {
      process = pb.start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot start redis-server (install the Debian package redis-server)", e);
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "redis-server exited with " + process.exitValue() + " on port " + port);
      }
      if (pings()) {
        return;
      }
      try {
        process.waitFor(50, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    stop();
    throw new IllegalStateException(
        "redis-server on port " + port + " did not answer PING within 10 s");
  }

  /** Kills the server and waits for it to be gone. */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    process.destroyForcibly();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("redis-server did not stop");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  /** Whether it answers PING now. */
  public boolean pings() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      s.setSoTimeout(500);
      OutputStream out = s.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] buf = new byte[7];
      int n = in.readNBytes(buf, 0, 7);
      return n == 7 && new String(buf, StandardCharsets.US_ASCII).startsWith("+PONG");
    } catch (IOException e) {
      return false;
    }
  }

  /** How many PUBLISH commands this server has run (from {@code INFO commandstats}). */
  public long publishCalls() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1_000);
      s.setSoTimeout(2_000);
      OutputStream out = s.getOutputStream();
      out.write("INFO commandstats\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      java.io.BufferedReader in =
          new java.io.BufferedReader(
              new java.io.InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
      String header = in.readLine(); // $<length>
      int length = Integer.parseInt(header.substring(1));
      char[] body = new char[length];
      int read = 0;
      while (read < length) {
        int n = in.read(body, read, length - read);
        if (n < 0) {
          break;
        }
        read += n;
      }
      for (String line : new String(body, 0, read).split("\r\n")) {
        if (line.startsWith("cmdstat_publish:calls=")) {
          return Long.parseLong(
              line.substring("cmdstat_publish:calls=".length(), line.indexOf(',')));
        }
      }
      return 0;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    stop();
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
