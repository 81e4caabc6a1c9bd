package io.realtimekit.jetty;

import io.realtimekit.Realtime;
import io.realtimekit.protocol.CloseCodes;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Jetty server of a {@link Realtime}, from {@link RealtimeJetty.Builder#start()}. {@link
 * #close()} (or {@link #stop()}) stops it gracefully: every open socket is closed with 1001, Jetty
 * stops, the adapter's threads end and the port is free again. The {@link Realtime} is left
 * running: close it yourself.
 */
public final class RealtimeServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RealtimeServer.class);

  private final Realtime realtime;
  private final Server server;
  private final CoreWebSocketEndpoint endpoint;
  private final CoreWebSocketEndpoint socketIoEndpoint; // null when Socket.IO is off
  private final String host;
  private final int port;
  private final Duration stopTimeout;
  private final AtomicBoolean stopped = new AtomicBoolean();

  RealtimeServer(
      Realtime realtime,
      Server server,
      ServerConnector connector,
      CoreWebSocketEndpoint endpoint,
      CoreWebSocketEndpoint socketIoEndpoint,
      String host,
      Duration stopTimeout) {
    this.realtime = realtime;
    this.server = server;
    this.endpoint = endpoint;
    this.socketIoEndpoint = socketIoEndpoint;
    this.host = host;
    this.port = connector.getLocalPort();
    this.stopTimeout = stopTimeout;
  }

  /** The port listened on (the one picked when built with port 0). */
  public int port() {
    return port;
  }

  /** The WebSocket URI of the native protocol, e.g. {@code ws://127.0.0.1:8080/realtime}. */
  public URI uri() {
    return URI.create("ws://" + uriHost() + ":" + port + endpoint.path());
  }

  /** The HTTP base URI, e.g. {@code http://127.0.0.1:8080/}. */
  public URI httpUri() {
    return URI.create("http://" + uriHost() + ":" + port + "/");
  }

  /**
   * The Socket.IO URL for {@code io(...)}, e.g. {@code http://127.0.0.1:8080}; empty when Socket.IO
   * is off.
   */
  public Optional<URI> socketIoUri() {
    return socketIoEndpoint == null
        ? Optional.empty()
        : Optional.of(URI.create("http://" + uriHost() + ":" + port));
  }

  /** The {@link Realtime} served. */
  public Realtime realtime() {
    return realtime;
  }

  /** True until stopped. */
  public boolean isRunning() {
    return !stopped.get() && server.isRunning();
  }

  /**
   * Stops gracefully: 1001 to every socket (waiting up to the stop timeout for them to close), then
   * Jetty, then the adapter's threads. Idempotent. Does not close the {@link Realtime}.
   */
  public void stop() throws Exception {
    if (!stopped.compareAndSet(false, true)) {
      return;
    }
    try {
      if (socketIoEndpoint != null) {
        realtime
            .socketIoTransport()
            .closeAll(CloseCodes.GOING_AWAY, "server shutting down"); // polling clients too
        socketIoEndpoint.closeAll(CloseCodes.GOING_AWAY, "server shutting down", stopTimeout);
      }
      if (!endpoint.closeAll(CloseCodes.GOING_AWAY, "server shutting down", stopTimeout)) {
        log.warn(
            "{} sockets still open after {}; stopping anyway",
            endpoint.openSessions(),
            stopTimeout);
      }
      server.stop();
      server.join();
    } finally {
      endpoint.stop();
      if (socketIoEndpoint != null) {
        socketIoEndpoint.stop();
      }
      server.destroy();
    }
    log.info("realtime server on port {} stopped", port);
  }

  /** The write coalescing of this server's sockets (for tests in this package). */
  WriteCoalescing coalescing() {
    return endpoint.coalescing();
  }

  /** The native protocol's endpoint (for tests in this package). */
  CoreWebSocketEndpoint endpoint() {
    return endpoint;
  }

  /** Blocks until the server is stopped (for a {@code main} that only serves). */
  public void join() throws InterruptedException {
    server.join();
  }

  /** {@link #stop()}. */
  @Override
  public void close() throws Exception {
    stop();
  }

  private String uriHost() {
    if (host == null || host.isBlank() || host.equals("0.0.0.0") || host.equals("::")) {
      return "localhost";
    }
    return host.contains(":") ? "[" + host + "]" : host;
  }

  @Override
  public String toString() {
    return "RealtimeServer[" + uri() + "]";
  }
}
