package io.realtimekit.jetty;

import io.realtimekit.RealtimeSettings;
import io.realtimekit.transport.RealtimeTransport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.thread.Scheduler;
import org.eclipse.jetty.websocket.core.Configuration;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.core.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.core.server.WebSocketNegotiator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link RealtimeTransport} (the native protocol, or Socket.IO's WebSocket transport) served on
 * Jetty's core WebSocket API ({@code org.eclipse.jetty.websocket.core}) rather than its Jakarta
 * layer: the upgrade is handled before the servlet context, and each socket is one {@link
 * CoreWebSocketConnection} with no Jakarta session, endpoint config or handler maps behind it. Less
 * memory per connection and less work per frame; frames queued for one socket leave in one network
 * write ({@link CoreWebSocketConnection#sendTexts}).
 *
 * <p>The frame limit applies to what clients send; what the server sends is never refused for its
 * size here: a frame over the limit leaves as fragments of that size (Jetty's auto-fragmentation).
 * Payloads too large to send at all are refused earlier, to the host ({@code
 * RealtimeSettings#maxOutboundFrameBytes()}).
 *
 * <p>Same behaviour as the portable Jakarta endpoint: origins checked at the handshake (HTTP 403),
 * frames over {@link RealtimeSettings#maxFrameBytes()} closed with 1009, invalid UTF-8 with 1007,
 * binary frames with 1003 unless the protocol takes them, the idle timeout, a server ping to each
 * socket that has been silent for about {@link RealtimeSettings#heartbeat()}.
 */
final class CoreWebSocketEndpoint implements WebSocketNegotiator {
  private static final Logger log = LoggerFactory.getLogger(CoreWebSocketEndpoint.class);

  private static final int OUTPUT_BUFFER_BYTES = 16 * 1024;

  /** Heartbeat checks per heartbeat interval. */
  private static final int HEARTBEAT_TICKS = 8;

  private final RealtimeTransport transport;
  private final RealtimeSettings settings;
  private final String path;
  private final WriteCoalescing coalescing;
  private final Set<CoreWebSocketConnection> connections = ConcurrentHashMap.newKeySet();
  private volatile Scheduler scheduler;
  private volatile Scheduler.Task heartbeat;
  private volatile boolean stopped;

  CoreWebSocketEndpoint(RealtimeTransport transport, String path, WriteCoalescing coalescing) {
    this.transport = transport;
    this.settings = transport.settings();
    this.path = path;
    this.coalescing = coalescing;
  }

  WriteCoalescing coalescing() {
    return coalescing;
  }

  String path() {
    return path;
  }

  RealtimeTransport transport() {
    return transport;
  }

  RealtimeSettings settings() {
    return settings;
  }

  /** Starts the heartbeat on Jetty's {@code scheduler} (the server's, started with it). */
  void start(Scheduler jettyScheduler) {
    this.scheduler = jettyScheduler;
    scheduleHeartbeat();
  }

  /**
   * Every eighth of the heartbeat, pings the sockets that neither sent nor received anything for
   * about a heartbeat: traffic already proves a busy socket alive, and the pings of idle sockets
   * spread over the interval instead of leaving all at once (a burst of one write per socket).
   */
  private void scheduleHeartbeat() {
    Scheduler s = scheduler;
    if (s == null || stopped) {
      return;
    }
    long heartbeatNanos = settings.heartbeat().toNanos();
    long tickNanos = Math.max(1_000_000, heartbeatNanos / HEARTBEAT_TICKS);
    heartbeat =
        s.schedule(
            () -> {
              try {
                long idleSince = System.nanoTime() - (heartbeatNanos - tickNanos);
                for (CoreWebSocketConnection c : connections) {
                  c.pingIfIdleSince(idleSince);
                }
              } finally {
                scheduleHeartbeat();
              }
            },
            tickNanos,
            TimeUnit.NANOSECONDS);
  }

  /** Stops the heartbeat. Idempotent. */
  void stop() {
    stopped = true;
    Scheduler.Task t = heartbeat;
    if (t != null) {
      t.cancel();
    }
  }

  int openSessions() {
    return connections.size();
  }

  /**
   * Bytes of control frames (pongs, pings) handed to Jetty and not yet written, over every socket.
   */
  long controlBytesInFlight() {
    long total = 0;
    for (CoreWebSocketConnection c : connections) {
      total += c.controlBytesInFlight();
    }
    return total;
  }

  /**
   * Open sockets whose close was asked for and is not complete (a close frame waits to be written).
   */
  int closingSessions() {
    int n = 0;
    for (CoreWebSocketConnection c : connections) {
      if (c.closeRequested()) {
        n++;
      }
    }
    return n;
  }

  /**
   * Asks every socket to close with {@code code}; waits up to {@code timeout} for them to be gone.
   */
  boolean closeAll(int code, String reason, Duration timeout) {
    for (CoreWebSocketConnection c : List.copyOf(connections)) {
      c.close(code, reason);
    }
    Instant deadline = Instant.now().plus(timeout);
    while (!connections.isEmpty() && Instant.now().isBefore(deadline)) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return connections.isEmpty();
  }

  void opened(CoreWebSocketConnection c) {
    connections.add(c);
  }

  void closed(CoreWebSocketConnection c) {
    connections.remove(c);
  }

  @Override
  public FrameHandler negotiate(
      ServerUpgradeRequest request, ServerUpgradeResponse response, Callback callback) {
    String origin = request.getHeaders().get(HttpHeader.ORIGIN);
    if (!settings.isOriginAllowed(origin)) {
      log.debug("handshake refused: origin not allowed");
      Response.writeError(request, response, callback, HttpStatus.FORBIDDEN_403);
      return null;
    }
    String remote = Request.getRemoteAddr(request) + ":" + Request.getRemotePort(request);
    return new CoreWebSocketConnection(this, headers(request.getHeaders()), query(request), remote);
  }

  @Override
  public void customize(Configuration configuration) {
    configuration.setIdleTimeout(settings.idleTimeout());
    configuration.setMaxFrameSize(settings.maxFrameBytes());
    configuration.setMaxTextMessageSize(settings.maxFrameBytes());
    // the frame limit is for incoming frames; an outgoing frame over it is sent as fragments of
    // that size (its size is the server's business, never a reason to close the receiver)
    configuration.setAutoFragment(true);
    configuration.setMaxBinaryMessageSize(settings.maxFrameBytes());
    // frames up to a quarter of this are gathered in the batch buffer (taken from the pool only
    // while frames wait in it, so an idle socket holds none)
    configuration.setOutputBufferSize(OUTPUT_BUFFER_BYTES);
  }

  /** Case-insensitive, immutable copy of the handshake headers. */
  static Map<String, List<String>> headers(HttpFields fields) {
    Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (HttpField f : fields) {
      if (f.getName() != null && f.getValue() != null) {
        copy.computeIfAbsent(f.getName(), k -> new ArrayList<>(1)).add(f.getValue());
      }
    }
    copy.replaceAll((k, v) -> List.copyOf(v));
    return Collections.unmodifiableMap(copy);
  }

  private static Map<String, List<String>> query(Request request) {
    if (request.getHttpURI().getQuery() == null) {
      return Map.of();
    }
    Fields fields = Request.extractQueryParameters(request);
    Map<String, List<String>> query = new LinkedHashMap<>();
    for (Fields.Field f : fields) {
      query.put(f.getName(), List.copyOf(f.getValues()));
    }
    return Collections.unmodifiableMap(query);
  }
}
