package io.realtimekit.transport.socketio;

import io.realtimekit.RealtimeSettings;
import io.realtimekit.protocol.CloseCodes;
import io.realtimekit.protocol.socketio.EngineIo;
import io.realtimekit.protocol.socketio.SocketIoCodec;
import io.realtimekit.transport.ClientAddress;
import io.realtimekit.transport.InboundHandler;
import io.realtimekit.transport.RealtimeTransport;
import io.realtimekit.transport.SessionServices;
import io.realtimekit.transport.TransportConnection;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Socket.IO v5 over Engine.IO v4, default namespace, served at {@link #PATH}: the WebSocket
 * transport ({@link #accept}, for an adapter's WebSocket endpoint) and the HTTP long-polling
 * transport ({@link #handle}, for an adapter's servlet or handler), with the upgrade from one to
 * the other. Each Engine.IO session carries the same client session as a native-protocol socket:
 * same authentication, events, replies, limits. Built by {@link io.realtimekit.Realtime}.
 *
 * <p>Handshake values: {@code pingInterval} is the heartbeat setting, {@code pingTimeout} the idle
 * timeout minus the heartbeat (35 s by default), {@code maxPayload} the frame limit.
 */
public final class SocketIoTransport implements RealtimeTransport {
  private static final Logger log = LoggerFactory.getLogger(SocketIoTransport.class);

  /** The path the bundled adapters serve Socket.IO on (the client's default). */
  public static final String PATH = "/socket.io/";

  private static final Pattern NODE_TAG = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Pattern TAGGED_SID =
      Pattern.compile("[A-Za-z0-9._-]{1,64}~[A-Za-z0-9_-]{20}");
  private static final char TAG_END = '~';
  private static final Duration FORWARDED_POST_WAIT = Duration.ofSeconds(10);

  private final SessionServices services;
  private final BooleanSupplier running;
  private final SocketIoCodec codec;
  private final Duration pingTimeout;
  private final Map<String, EngineSession> sessions = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();
  private volatile PollForwarding forwarding;
  private final HeartbeatSweep heartbeats;

  /**
   * @param services what sessions share
   * @param running whether the owning Realtime accepts sockets now
   */
  public SocketIoTransport(SessionServices services, BooleanSupplier running) {
    this.services = services;
    this.running = running;
    this.codec = new SocketIoCodec(services.codec());
    RealtimeSettings s = services.settings();
    this.pingTimeout = s.idleTimeout().minus(s.heartbeat());
    this.heartbeats =
        new HeartbeatSweep(
            services.scheduler(), services.clock(), sessions.values(), s.heartbeat(), pingTimeout);
  }

  /**
   * Serves one WebSocket of {@code /socket.io/}; reads {@code EIO} and {@code sid} from {@link
   * TransportConnection#queryParameters()}.
   *
   * @throws IllegalStateException when the Realtime is not running
   */
  @Override
  public InboundHandler accept(TransportConnection connection) {
    requireRunning();
    Map<String, List<String>> query = connection.queryParameters();
    String eio = PollRequest.first(query, "EIO", false).orElse("");
    if (!eio.equals(EngineIo.VERSION)) {
      return new Refusal(connection, "Unsupported protocol version");
    }
    return new EngineWebSocket(
        this, connection, PollRequest.first(query, "sid", false).orElse(null));
  }

  /**
   * Serves one request of the long-polling transport: the handshake ({@code GET} without {@code
   * sid}), a poll ({@code GET}, answered when packets wait, at the latest with the next ping) or
   * packets from the client ({@code POST}). Errors are Engine.IO's: 400 with {@code
   * {"code":1,"message":"Session ID unknown"}} and the like, 403 for an origin not allowed, 413 for
   * a body over {@link #maxPayload()} (the session is closed).
   */
  public void handle(PollRequest request, PollResponder responder) {
    if (!request.param("EIO").orElse("").equals(EngineIo.VERSION)) {
      responder.respond(PollResponse.error(400, 5, "Unsupported protocol version"));
      return;
    }
    if (!request.param("transport").orElse("").equals("polling")) {
      responder.respond(PollResponse.error(400, 0, "Transport unknown"));
      return;
    }
    if (!settings().isOriginAllowed(request.header("Origin").orElse(null))) {
      responder.respond(PollResponse.error(403, 4, "Forbidden"));
      return;
    }
    String sid = request.param("sid").orElse(null);
    if (sid == null && !running.getAsBoolean()) {
      responder.respond(PollResponse.error(503, 3, "Server shutting down"));
      return;
    }
    if (sid == null) {
      responder.respond(
          request.post()
              ? PollResponse.error(400, 2, "Bad handshake method")
              : PollResponse.ok(openOnPolling(request)));
      return;
    }
    EngineSession session = ownedSession(sid, request.remoteAddress(), request.headers());
    if (session == null && !sessions.containsKey(sid) && forward(sid, request, responder)) {
      return; // held by another node: its answer is relayed
    }
    serve(session, request.post(), request.body(), responder);
  }

  private void serve(EngineSession session, boolean post, String body, PollResponder responder) {
    if (session == null) {
      responder.respond(PollResponse.error(400, 1, "Session ID unknown"));
    } else if (!post) {
      session.poll(responder);
    } else if (body.length() > maxPayload()) {
      responder.respond(PollResponse.error(413, 3, "Payload too large"));
      session.closeByServer(CloseCodes.TOO_BIG, "payload too large");
    } else {
      session.receivePayload(body);
      responder.respond(PollResponse.ok("ok"));
    }
  }

  /**
   * Serves the requests of sessions held by other nodes through {@code forwarding}, and tags the
   * sids this node opens from now on with its {@link PollForwarding#nodeTag()}: polling needs no
   * sticky sessions. Called once, before {@link io.realtimekit.Realtime#start()}. The WebSocket
   * upgrade of a session is not forwarded: a WebSocket with the sid of another node's session is
   * closed at once, before its probe is answered, and the client goes on polling.
   *
   * @throws IllegalStateException when a forwarding is installed already
   * @throws IllegalArgumentException when its tag is not {@code [A-Za-z0-9._-]{1,64}}
   */
  public synchronized void forwardVia(PollForwarding forwarding) {
    Objects.requireNonNull(forwarding, "forwarding");
    if (this.forwarding != null) {
      throw new IllegalStateException("a poll forwarding is installed already");
    }
    if (!NODE_TAG.matcher(forwarding.nodeTag()).matches()) {
      throw new IllegalArgumentException("node tag must be [A-Za-z0-9._-]{1,64}");
    }
    forwarding.serve(this::serveForwarded);
    this.forwarding = forwarding;
  }

  /**
   * Forwards a request whose sid carries another node's tag; false when it carries none, or this
   * node's (the session is unknown).
   */
  private boolean forward(String sid, PollRequest request, PollResponder responder) {
    PollForwarding f = forwarding;
    int end = sid.indexOf(TAG_END);
    String owner = end > 0 ? sid.substring(0, end) : "";
    if (f == null || owner.equals(f.nodeTag()) || !TAGGED_SID.matcher(sid).matches()) {
      return false;
    }
    String body = request.body();
    if (body.length() > maxPayload() + 1) {
      body = body.substring(0, maxPayload() + 1); // refused as too large by the owner
    }
    String header = services.budgets().limits().clientAddressHeader();
    String client = ClientAddress.of(request.remoteAddress(), request.headers(), header);
    Duration wait = request.post() ? FORWARDED_POST_WAIT : longestPoll().plusSeconds(1);
    f.forward(owner, new ForwardedPoll(sid, request.post(), client, body), wait)
        .whenComplete(
            (answer, error) -> {
              if (error != null) {
                log.debug("a poll forwarded to node {} failed: {}", owner, error.toString());
              }
              Optional<PollResponse> r = error == null ? answer : Optional.empty();
              responder.respond(
                  r.orElseGet(() -> PollResponse.error(400, 1, "Session ID unknown")));
            });
    return true;
  }

  /**
   * A request forwarded by another node for a session of this one: served as a local request from
   * the client's address the other node saw (a request from another client is refused the same).
   */
  private void serveForwarded(ForwardedPoll poll, PollResponder responder) {
    String peer =
        poll.clientAddress().isEmpty()
            ? ClientAddress.UNKNOWN_PREFIX + "forwarded"
            : poll.clientAddress();
    serve(ownedSession(poll.sid(), peer, Map.of()), poll.post(), poll.body(), responder);
  }

  /**
   * The poll of {@code responder} ended before it was answered (its request timed out, or the
   * client went away). True when it was still waiting; false when an answer is already on its way.
   */
  public boolean cancelPoll(String sid, PollResponder responder) {
    EngineSession session = sessions.get(sid);
    return session != null && session.cancelPoll(responder);
  }

  /** The largest polling body and text frame accepted: the frame limit. */
  public int maxPayload() {
    return services.settings().maxFrameBytes();
  }

  /**
   * How long a poll may wait: the ping interval plus the ping timeout; a poll is answered at the
   * latest by the next ping, so an adapter's request timeout longer than this is never reached.
   */
  public Duration longestPoll() {
    return services.settings().heartbeat().plus(pingTimeout);
  }

  @Override
  public RealtimeSettings settings() {
    return services.settings();
  }

  /** Engine.IO sessions on this node now (polling or WebSocket, authenticated or not). */
  @Override
  public int openConnections() {
    return sessions.size();
  }

  /**
   * What the Engine.IO sessions of this node hold for their clients now (packets waiting for a poll
   * or for a socket write), in bytes approximated by characters plus a small cost per packet. Each
   * session's share is bounded by {@code outboundQueueBytes} for what its client causes (pongs),
   * besides the messages its outbound queue lets through. For monitoring and tests.
   */
  public long bufferedBytes() {
    long total = 0;
    for (EngineSession s : sessions.values()) {
      total += s.bufferedBytes();
    }
    return total;
  }

  /** Closes every session with {@code code}; used at shutdown. */
  public void closeAll(int code, String reason) {
    for (EngineSession s : new ArrayList<>(sessions.values())) {
      s.closeByServer(code, reason);
    }
  }

  // ---- for the sessions ----------------------------------------------------------------------

  /**
   * The session {@code sid}, when the request comes from the client that opened it (the same
   * address, see {@link ClientAddress}); null when unknown or presented by another client, which is
   * logged and answered as an unknown sid, so the owner is undisturbed and nothing is revealed.
   */
  EngineSession ownedSession(String sid, String remoteAddress, Map<String, List<String>> headers) {
    EngineSession s = sessions.get(sid);
    if (s == null) {
      return null;
    }
    String header = services.budgets().limits().clientAddressHeader();
    String owner = s.clientAddress;
    String caller = ClientAddress.of(remoteAddress, headers, header);
    if (owner.isEmpty() || caller.isEmpty()) {
      return s; // the container does not tell the peer: the sid alone identifies the session
    }
    if (!owner.equals(caller)) {
      log.warn(
          "an Engine.IO session id was presented by another client ({}, not its owner): refused",
          caller);
      return null;
    }
    return s;
  }

  EngineSession openOnWebSocket(TransportConnection connection, WebSocketWriter writer) {
    EngineSession s = newSession(connection.handshakeHeaders(), connection.remoteAddress(), writer);
    writer.write(handshake(s.sid(), false), EngineSession.NO_COMPLETION);
    s.start(codec);
    return s;
  }

  private String openOnPolling(PollRequest request) {
    EngineSession s = newSession(request.headers(), request.remoteAddress(), null);
    String open = handshake(s.sid(), true);
    s.start(codec);
    return open;
  }

  private EngineSession newSession(
      Map<String, List<String>> headers, String remote, WebSocketWriter writer) {
    byte[] bytes = new byte[15];
    random.nextBytes(bytes);
    PollForwarding f = forwarding;
    String sid =
        (f == null ? "" : f.nodeTag() + TAG_END)
            + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    EngineSession s =
        new EngineSession(
            sid,
            services,
            headers,
            remote,
            pingTimeout,
            writer,
            gone -> sessions.remove(gone.sid(), gone));
    sessions.put(sid, s);
    heartbeats.ensureRunning();
    return s;
  }

  private String handshake(String sid, boolean upgrade) {
    return EngineIo.open(
        sid,
        upgrade,
        services.settings().heartbeat().toMillis(),
        pingTimeout.toMillis(),
        maxPayload());
  }

  private void requireRunning() {
    if (!running.getAsBoolean()) {
      throw new IllegalStateException(
          "realtime is not running: call start() first (or it was closed)");
    }
  }

  /** A WebSocket refused at open (an Engine.IO version not served). */
  private record Refusal(TransportConnection connection, String reason) implements InboundHandler {
    @Override
    public void onOpen() {
      connection.close(CloseCodes.PROTOCOL_VIOLATION, reason);
    }

    @Override
    public void onText(String text) {}

    @Override
    public void onClose(int code, String reason) {}

    @Override
    public void onError(Throwable error) {}
  }
}
