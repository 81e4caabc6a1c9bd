package io.realtimekit.jakarta;

import static io.realtimekit.protocol.CloseCodes.truncateReason;

import io.realtimekit.Realtime;
import io.realtimekit.RealtimeSettings;
import io.realtimekit.transport.RealtimeTransport;
import io.realtimekit.transport.socketio.SocketIoTransport;
import jakarta.websocket.CloseReason;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deployment of {@link RealtimeEndpoint} in a Jakarta WebSocket container, and the few threads
 * the adapter owns (one heartbeat scheduler and a small pool for pings and closes, which may block
 * in some containers). One instance per {@link Realtime} mounted in a container.
 *
 * <pre>{@code
 * RealtimeEndpointConfig endpoint = RealtimeEndpointConfig.create(realtime);
 * serverContainer.addEndpoint(endpoint.serverEndpointConfig());   // at deployment time
 * ...
 * endpoint.closeAll(1001, "server shutting down");                // optional, before stopping the container
 * endpoint.close();                                               // after the container stopped
 * }</pre>
 *
 * <p>What it sets on each session: the max text message size ({@link
 * RealtimeSettings#maxFrameBytes()}, so an oversized frame is closed with 1009 by the container; it
 * bounds what clients send only: the server's own frames are limited by {@link
 * RealtimeSettings#outboundFrameLimit()} in the core, and containers send larger ones whole or, in
 * Jetty's Jakarta layer, as fragments, so a receiver is never closed for a frame's size), the idle
 * timeout ({@link RealtimeSettings#idleTimeout()}), server pings every {@link
 * RealtimeSettings#heartbeat()} (on the native protocol's endpoint; a Socket.IO endpoint leaves
 * them to Engine.IO's own pings). The handshake headers (for {@code Authorization: Bearer}) are
 * captured in {@code modifyHandshake}; the {@code Origin} is checked against {@link
 * RealtimeSettings#isOriginAllowed} in {@code checkOrigin} (a refused origin gets the container's
 * handshake refusal, an HTTP 403 in Jetty and Tomcat) and again at open (closed with 4403, for
 * containers that skip {@code checkOrigin}).
 *
 * <p>Thread-safe. Holds no static state: several instances may coexist in one JVM.
 */
public final class RealtimeEndpointConfig implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RealtimeEndpointConfig.class);

  /** User-property key under which the handshake headers are kept for the session. */
  static final String HEADERS_KEY = RealtimeEndpointConfig.class.getName() + ".headers";

  private final RealtimeTransport transport;
  private final RealtimeSettings settings;
  private final ServerEndpointConfig serverEndpointConfig;
  private final Set<SessionConnection> connections = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService heartbeat;
  private final ThreadPoolExecutor io;
  private final AtomicBoolean closed = new AtomicBoolean();

  private RealtimeEndpointConfig(RealtimeTransport transport, String path) {
    this.transport = Objects.requireNonNull(transport, "transport");
    this.settings = transport.settings();
    String n = Integer.toHexString(System.identityHashCode(this));
    ScheduledThreadPoolExecutor scheduler =
        new ScheduledThreadPoolExecutor(1, daemon("realtime-heartbeat-" + n));
    scheduler.setRemoveOnCancelPolicy(true);
    scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    this.heartbeat = scheduler;
    this.io =
        new ThreadPoolExecutor(
            4, 4, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), daemon("realtime-io-" + n));
    this.io.allowCoreThreadTimeOut(true);
    long period = settings.heartbeat().toMillis();
    if (!(transport instanceof SocketIoTransport)) {
      // Socket.IO sessions are pinged by Engine.IO itself; a WebSocket ping on top doubles the work
      heartbeat.scheduleAtFixedRate(this::pingAll, period, period, TimeUnit.MILLISECONDS);
    }
    this.serverEndpointConfig =
        ServerEndpointConfig.Builder.create(RealtimeEndpoint.class, path)
            .configurator(new Configurator())
            .build();
  }

  /**
   * The endpoint for {@code transport}, on the path of its settings ({@link
   * RealtimeSettings#path()}, {@code /realtime} by default).
   */
  public static RealtimeEndpointConfig create(RealtimeTransport transport) {
    return new RealtimeEndpointConfig(transport, transport.settings().path());
  }

  /** The endpoint for {@code realtime} (started), on the path of its settings. */
  public static RealtimeEndpointConfig create(Realtime realtime) {
    return create(realtime.transport());
  }

  /**
   * The Socket.IO WebSocket endpoint of {@code realtime}, at {@code /socket.io/}. Pair it with a
   * {@link SocketIoPollingServlet} at {@code /socket.io/*} for the long-polling transport and the
   * upgrade (the official client's default); alone, it serves WebSocket-only clients.
   */
  public static RealtimeEndpointConfig socketIo(Realtime realtime) {
    return create(realtime.socketIoTransport(), SocketIoTransport.PATH);
  }

  /** The endpoint for {@code transport} on another {@code path} (a context-relative path). */
  public static RealtimeEndpointConfig create(RealtimeTransport transport, String path) {
    return new RealtimeEndpointConfig(transport, path);
  }

  /** What to give {@code ServerContainer.addEndpoint}. */
  public ServerEndpointConfig serverEndpointConfig() {
    return serverEndpointConfig;
  }

  /** The context-relative path the endpoint is served on. */
  public String path() {
    return serverEndpointConfig.getPath();
  }

  /** Sessions opened through this endpoint and not closed yet. */
  public int openSessions() {
    return connections.size();
  }

  /**
   * Asks every open session to close with {@code code} (1001 when the server is going away) and
   * waits at most {@code timeout} for the containers to report them closed. Returns true when all
   * closed in time.
   */
  public boolean closeAll(int code, String reason, Duration timeout) {
    for (SessionConnection c : List.copyOf(connections)) {
      c.close(code, reason);
    }
    Instant deadline = Instant.now().plus(timeout);
    while (!connections.isEmpty() && Instant.now().isBefore(deadline)) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return connections.isEmpty();
      }
    }
    return connections.isEmpty();
  }

  /**
   * Stops the heartbeat and the adapter's threads. Does not close sessions (see {@link #closeAll})
   * nor the {@link Realtime}. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    heartbeat.shutdownNow();
    io.shutdown();
    try {
      if (!heartbeat.awaitTermination(5, TimeUnit.SECONDS)
          || !io.awaitTermination(5, TimeUnit.SECONDS)) {
        io.shutdownNow();
        log.warn("realtime endpoint threads did not stop within 5 s");
      }
    } catch (InterruptedException e) {
      io.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  RealtimeTransport transport() {
    return transport;
  }

  RealtimeSettings settings() {
    return settings;
  }

  void opened(SessionConnection connection) {
    connections.add(connection);
  }

  void closed(SessionConnection connection) {
    connections.remove(connection);
  }

  /** Runs {@code task} off the caller's thread (container sends and closes may block). */
  void runAsync(Runnable task) {
    if (!io.isShutdown()) {
      try {
        io.execute(task);
        return;
      } catch (RejectedExecutionException ignored) {
        // shutting down: fall through and run it here
      }
    }
    task.run();
  }

  /** Runs {@code task} after {@code delayMs} on the adapter's scheduler (now if it is shut). */
  void schedule(long delayMs, Runnable task) {
    try {
      heartbeat.schedule(task, delayMs, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      task.run();
    }
  }

  private void pingAll() {
    for (SessionConnection c : connections) {
      if (c.idleForPing()) {
        runAsync(c::ping);
      }
    }
  }

  private static ThreadFactory daemon(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  static ByteBuffer emptyPing() {
    return ByteBuffer.allocate(0);
  }

  static CloseReason closeReason(int code, String reason) {
    return new CloseReason(CloseReason.CloseCodes.getCloseCode(code), truncateReason(reason));
  }

  static void closeQuietly(Session session, int code, String reason) {
    try {
      if (session.isOpen()) {
        session.close(closeReason(code, reason));
      }
    } catch (IOException | RuntimeException e) {
      log.debug("close of session {} failed: {}", session.getId(), e.toString());
    }
  }

  /** Captures headers, checks the origin, and hands out one endpoint per connection. */
  private final class Configurator extends ServerEndpointConfig.Configurator {
    @Override
    public boolean checkOrigin(String originHeaderValue) {
      boolean allowed = settings.isOriginAllowed(originHeaderValue);
      if (!allowed) {
        log.debug("handshake refused: origin not allowed");
      }
      return allowed;
    }

    @Override
    public void modifyHandshake(
        ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
      sec.getUserProperties().put(HEADERS_KEY, copyHeaders(request.getHeaders()));
    }

    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) {
      return endpointClass.cast(new RealtimeEndpoint(RealtimeEndpointConfig.this));
    }
  }

  /** Case-insensitive, absent (or empty) headers left out, immutable. */
  static Map<String, List<String>> copyHeaders(Map<String, List<String>> headers) {
    Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    if (headers != null) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey() == null || e.getValue() == null || e.getValue().isEmpty()) {
          continue;
        }
        copy.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).addAll(e.getValue());
      }
    }
    copy.replaceAll((k, v) -> List.copyOf(v));
    return Collections.unmodifiableMap(copy);
  }
}
