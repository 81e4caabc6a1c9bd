package io.realtimekit.examples;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * A round-robin TCP proxy on 127.0.0.1 for tests, as a load balancer without sticky sessions: each
 * incoming connection goes to the next backend in turn. Plain HTTP requests get {@code Connection:
 * close} (the backend closes after its answer), so a client's successive polls travel on successive
 * connections and alternate between the backends, as they would behind a balancer that spreads
 * requests; a WebSocket upgrade is passed untouched and piped until either side closes. With {@code
 * nodeIds} (the backends' node ids, in order), an Engine.IO upgrade goes to a backend that does not
 * hold its session (named by the sid's prefix): the probe can never succeed.
 */
final class RoundRobinProxy implements Closeable {
  private static final int MAX_HEAD = 16 * 1024;

  private final List<Integer> backends;
  private final List<String> upgradesAwayFrom;
  private final ServerSocket server;
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicIntegerArray served;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final Thread acceptor;
  private volatile boolean closed;

  private RoundRobinProxy(List<Integer> backends, List<String> nodeIds) throws IOException {
    this.backends = List.copyOf(backends);
    this.upgradesAwayFrom = List.copyOf(nodeIds);
    this.served = new AtomicIntegerArray(backends.size());
    this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    this.acceptor = new Thread(this::acceptLoop, "round-robin-proxy");
    acceptor.setDaemon(true);
  }

  /** Listens on a free loopback port and spreads connections over {@code backendPorts}. */
  static RoundRobinProxy start(List<Integer> backendPorts) throws IOException {
    return start(backendPorts, List.of());
  }

  /**
   * As {@link #start(List)}, each Engine.IO upgrade sent to a backend other than its session's node
   * (the backend of node id {@code nodeIds.get(i)} is {@code backendPorts.get(i)}).
   */
  static RoundRobinProxy start(List<Integer> backendPorts, List<String> nodeIds)
      throws IOException {
    RoundRobinProxy p = new RoundRobinProxy(backendPorts, nodeIds);
    p.acceptor.start();
    return p;
  }

  int port() {
    return server.getLocalPort();
  }

  /** How many connections went to backend {@code index} so far. */
  int served(int index) {
    return served.get(index);
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket client = server.accept();
        int index = Math.floorMod(next.getAndIncrement(), backends.size());
        Thread t = new Thread(() -> relay(client, index), "proxy-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        if (!closed) {
          System.err.println("proxy accept failed: " + e);
        }
      }
    }
  }

  private void relay(Socket client, int turn) {
    open.add(client);
    try (client;
        Socket backend = new Socket()) {
      open.add(backend);
      InputStream in = client.getInputStream();
      byte[] head = readHead(in);
      if (head == null) {
        return;
      }
      int index = upgradeAway(new String(head, StandardCharsets.ISO_8859_1), turn);
      served.incrementAndGet(index);
      backend.connect(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), backends.get(index)), 5_000);
      OutputStream toBackend = backend.getOutputStream();
      toBackend.write(rewrite(head));
      toBackend.flush();
      Thread up =
          new Thread(
              () -> {
                pipe(in, toBackend);
                shutdownOutput(backend);
              },
              "proxy-up");
      up.setDaemon(true);
      up.start();
      pipe(backend.getInputStream(), client.getOutputStream());
      shutdownOutput(client);
      up.join(10_000);
    } catch (IOException e) {
      // a side went away: both are closed
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      open.removeIf(s -> s.isClosed());
    }
  }

  /** The backend after the session's own for an upgrade (when so configured), else {@code turn}. */
  private int upgradeAway(String head, int turn) {
    if (upgradesAwayFrom.isEmpty() || !head.toLowerCase(Locale.ROOT).contains("\r\nupgrade:")) {
      return turn;
    }
    String requestLine = head.substring(0, head.indexOf('\r'));
    int sid = requestLine.indexOf("sid=");
    if (sid < 0) {
      return turn;
    }
    String owner = requestLine.substring(sid + 4).split("[~&% ]")[0];
    int at = upgradesAwayFrom.indexOf(owner);
    return at < 0 ? turn : (at + 1) % backends.size();
  }

  /** The request head, up to and with its blank line; null when the client sent none. */
  private static byte[] readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < 4) {
      int b = in.read();
      if (b < 0 || head.size() >= MAX_HEAD) {
        return null;
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toByteArray();
  }

  /** {@code Connection: close} on a plain request; an upgrade is left as it is. */
  private static byte[] rewrite(byte[] head) {
    String text = new String(head, StandardCharsets.ISO_8859_1);
    if (text.toLowerCase(Locale.ROOT).contains("\r\nupgrade:")) {
      return head;
    }
    StringBuilder out = new StringBuilder();
    for (String line : text.substring(0, text.length() - 4).split("\r\n")) {
      if (!line.toLowerCase(Locale.ROOT).startsWith("connection:")) {
        out.append(line).append("\r\n");
      }
    }
    out.append("Connection: close\r\n\r\n");
    return out.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  private static void pipe(InputStream from, OutputStream to) {
    byte[] buf = new byte[16 * 1024];
    try {
      for (int n; (n = from.read(buf)) >= 0; ) {
        to.write(buf, 0, n);
        to.flush();
      }
    } catch (IOException e) {
      // closed
    }
  }

  private static void shutdownOutput(Socket s) {
    try {
      s.shutdownOutput();
    } catch (IOException e) {
      // closed already
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
    for (Socket s : open) {
      s.close();
    }
    try {
      acceptor.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
