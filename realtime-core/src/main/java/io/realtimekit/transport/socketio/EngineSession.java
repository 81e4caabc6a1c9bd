package io.realtimekit.transport.socketio;

import io.realtimekit.application.port.TaskScheduler.Cancellable;
import io.realtimekit.protocol.CloseCodes;
import io.realtimekit.protocol.WireFormat;
import io.realtimekit.protocol.socketio.EngineIo;
import io.realtimekit.transport.ClientAddress;
import io.realtimekit.transport.InboundHandler;
import io.realtimekit.transport.SendCallback;
import io.realtimekit.transport.SessionServices;
import io.realtimekit.transport.TransportConnection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Engine.IO v4 session: its transport (long-polling, then WebSocket after an upgrade, or
 * WebSocket from the start), the server pings ({@link EngineHeartbeat}), and the protocol-neutral
 * client session it carries. To that session it is the {@link TransportConnection}: each Socket.IO
 * packet it writes travels as one Engine.IO message packet.
 *
 * <p>Lifecycle: created by a polling handshake or a WebSocket without {@code sid}; a ping every
 * {@code pingInterval}, and a close when its pong is not back within {@code pingTimeout} (this is
 * also how a polling client that stopped polling is expired); closed by the client ({@code 1} or
 * its WebSocket closing), by the server (the session's close, a kick, a shutdown), or by that
 * timeout (checked by the transport's {@link HeartbeatSweep}, no timer of its own). At the close
 * the session leaves its transport's table.
 *
 * <p>Thread-safe: state changes under this object's lock; nothing is written to a network or handed
 * to the client session while it is held.
 */
final class EngineSession implements TransportConnection {
  private static final Logger log = LoggerFactory.getLogger(EngineSession.class);
  static final SendCallback NO_COMPLETION = NoCompletion.INSTANCE;

  private final String sid;
  private final SessionServices services;
  private volatile Map<String, List<String>> headers; // until the client session started
  private final String remoteAddress;
  final String clientAddress; // ClientAddress.of: who may upgrade this session
  private final Duration pingInterval;
  final EngineHeartbeat heartbeat; // driven by the transport's HeartbeatSweep
  private final Consumer<EngineSession> onGone;
  private final PollingBuffer polling;
  private final EngineUpgrade upgrade;
  private volatile InboundHandler client;

  private WebSocketWriter socket; // the WebSocket transport, once there is one
  private boolean closed;
  private boolean clientClosed;
  private boolean gone;
  private boolean closeSent; // the close packet went out on the polling transport
  private Cancellable lingerTimer;

  EngineSession(
      String sid,
      SessionServices services,
      Map<String, List<String>> headers,
      String remoteAddress,
      Duration pingTimeout,
      WebSocketWriter socket,
      Consumer<EngineSession> onGone) {
    this.sid = sid;
    this.services = services;
    this.headers = headers;
    this.remoteAddress = remoteAddress;
    this.clientAddress =
        ClientAddress.of(remoteAddress, headers, services.budgets().limits().clientAddressHeader());
    this.pingInterval = services.settings().heartbeat();
    this.heartbeat = new EngineHeartbeat(this, pingInterval.toMillis(), pingTimeout.toMillis());
    this.socket = socket;
    this.onGone = onGone;
    this.polling = new PollingBuffer(services.settings().maxFrameBytes());
    this.upgrade = new EngineUpgrade(this, polling);
  }

  String sid() {
    return sid;
  }

  /** Starts the client session (framed by {@code format}) and the pings. */
  void start(WireFormat format) {
    InboundHandler h = services.newSession(format, this, () -> {});
    client = h;
    h.onOpen();
    headers = Map.of(); // read by onOpen only: an idle session does not hold its handshake
    heartbeat.start(services.clock().millis());
  }

  // ---- the client session's transport ------------------------------------------------------

  @Override
  public String remoteAddress() {
    return remoteAddress;
  }

  @Override
  public Map<String, List<String>> handshakeHeaders() {
    return headers;
  }

  @Override
  public void sendText(String packet, SendCallback completion) {
    send(EngineIo.MESSAGE + packet, completion);
  }

  @Override
  public void close(int code, String reason) {
    closeByServer(code, reason);
  }

  // ---- writing ---------------------------------------------------------------------------------

  /** Writes one Engine.IO packet on the current transport. */
  void send(String packet, SendCallback completion) {
    WebSocketWriter ws;
    boolean refused = false;
    boolean done = false;
    PollingBuffer.Answer answer = null;
    synchronized (this) {
      ws = socket;
      if (closed) {
        refused = true;
      } else if (ws == null) {
        done = polling.add(packet, completion);
        answer = polling.takeAnswer();
      }
    }
    if (refused) {
      completion.failed(new IllegalStateException("Engine.IO session closed"));
    } else if (ws != null) {
      ws.write(packet, completion);
    } else {
      if (done) {
        completion.succeeded();
      }
      send(answer);
    }
  }

  private static void send(PollingBuffer.Answer answer) {
    if (answer != null) {
      answer.send();
    }
  }

  // ---- polling ---------------------------------------------------------------------------------

  /** A {@code GET} of the polling transport: answered now when packets wait, else parked. */
  void poll(PollResponder responder) {
    PollResponse now = null;
    PollingBuffer.Answer answer = null;
    boolean overlap = false;
    boolean leave = false;
    synchronized (this) {
      if (socket != null) {
        now = PollResponse.error(400, 3, "Bad request: the session is upgraded to WebSocket");
      } else if (polling.isParked()) {
        overlap = true;
      } else if (!polling.isEmpty()) {
        answer = new PollingBuffer.Answer(responder, polling.drain());
      } else if (closed && !closeSent) {
        closeSent = true; // alone in its answer, after the packets before it were taken
        now = PollResponse.ok(String.valueOf(EngineIo.CLOSE));
        leave = true;
      } else if (closed) {
        now = PollResponse.error(400, 1, "Session ID unknown");
      } else if (upgrade.isUnderWay()) {
        now = PollResponse.ok(String.valueOf(EngineIo.NOOP)); // an upgrade is under way
      } else {
        polling.park(responder);
      }
    }
    if (overlap) {
      responder.respond(PollResponse.error(400, 3, "Bad request: overlapping polls"));
      closeByServer(CloseCodes.PROTOCOL_VIOLATION, "overlapping polls");
      return;
    }
    if (now != null) {
      responder.respond(now);
    }
    send(answer);
    if (leave) {
      leave(); // the close packet is delivered
    }
  }

  /** The request of {@code responder} ended without an answer (timeout, client gone). */
  synchronized boolean cancelPoll(PollResponder responder) {
    return polling.unpark(responder);
  }

  /** A {@code POST} of the polling transport: its packets, in order. */
  void receivePayload(String payload) {
    for (String packet : EngineIo.packets(payload)) {
      receive(packet);
    }
  }

  // ---- reading ---------------------------------------------------------------------------------

  /** One packet from the client, over either transport. */
  void receive(String packet) {
    if (isClosed()) {
      if (packet.equals(String.valueOf(EngineIo.CLOSE))) {
        leave(); // the client acknowledges our close
      }
      return;
    }
    if (packet.isEmpty()) {
      closeByServer(CloseCodes.PROTOCOL_VIOLATION, "empty Engine.IO packet");
      return;
    }
    switch (packet.charAt(0)) {
      case EngineIo.MESSAGE -> client.onText(packet.substring(1));
      case EngineIo.PONG -> heartbeat.pong(services.clock().millis());
      case EngineIo.PING -> answerPing(packet.substring(1));
      case EngineIo.CLOSE -> closeByClient();
      case EngineIo.NOOP, 'b' -> {} // 'b': a base64 attachment, whose packet was refused already
      default -> closeByServer(CloseCodes.PROTOCOL_VIOLATION, "unknown Engine.IO packet");
    }
  }

  /**
   * Answers a client's ping with its pong, within the connection's outbound bound: everything the
   * engine holds for this client (packets waiting for a poll, or queued for the socket) plus the
   * pong must stay within {@code outboundQueueBytes}. A client that pings and never reads passes
   * it, and is closed as too slow (4429) instead of growing the heap.
   */
  private void answerPing(String data) {
    String packet = EngineIo.PONG + data;
    long limit = services.settings().outboundQueueBytes();
    WebSocketWriter ws;
    boolean overflow = false;
    PollingBuffer.Answer answer = null;
    synchronized (this) {
      if (closed) {
        return;
      }
      ws = socket;
      if (ws == null) {
        overflow = !polling.addWithin(packet, limit);
        if (!overflow) {
          answer = polling.takeAnswer();
        }
      }
    }
    if (ws != null) {
      overflow = !ws.writeWithin(packet, NO_COMPLETION, limit);
    }
    if (overflow) {
      closeAsTooSlow();
      return;
    }
    send(answer);
  }

  /**
   * Closes a session whose client does not read what it asks for: what waits for it is dropped, the
   * socket is closed with 4429, and a polling session leaves the table at once (its later requests
   * get Engine.IO's "Session ID unknown").
   */
  private void closeAsTooSlow() {
    WebSocketWriter ws;
    WebSocketWriter probing;
    PollResponder poll;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      closeSent = true;
      ws = socket;
      probing = upgrade.abandon();
      poll = polling.takeParked();
      polling.drain();
    }
    log.debug("engine session {} closed: consumer too slow", sid);
    services.metrics().slowConsumerClosed();
    if (poll != null) {
      poll.respond(PollResponse.ok(String.valueOf(EngineIo.CLOSE)));
    }
    if (probing != null) {
      probing.close(CloseCodes.RATE_LIMITED, "consumer too slow");
    }
    if (ws != null) {
      ws.close(CloseCodes.RATE_LIMITED, "consumer too slow");
    }
    leave();
    closeClient(CloseCodes.RATE_LIMITED, "consumer too slow");
  }

  /** What the engine holds for this client now: packets waiting for a poll, or for the socket. */
  long bufferedBytes() {
    WebSocketWriter ws;
    long waiting;
    synchronized (this) {
      ws = socket;
      waiting = polling.size();
    }
    return waiting + (ws == null ? 0 : ws.size());
  }

  // ---- upgrade ---------------------------------------------------------------------------------

  /** The upgrade to WebSocket of this polling session. */
  EngineUpgrade upgrade() {
    return upgrade;
  }

  /** Whether the transport is a WebSocket (the lock is held). */
  boolean isUpgraded() {
    return socket != null;
  }

  /** The probed WebSocket becomes the transport (the lock is held). */
  void switchTo(WebSocketWriter ws) {
    socket = ws;
  }

  /** The WebSocket {@code ws} closed: the session ends if it was the transport. */
  void socketClosed(WebSocketWriter ws, int code, String reason) {
    synchronized (this) {
      if (upgrade.probeClosed(ws)) {
        return; // a failed upgrade: polling goes on
      }
      if (socket != ws || closed) {
        return;
      }
      closed = true;
    }
    leave();
    closeClient(code, reason);
  }

  // ---- closing ---------------------------------------------------------------------------------

  synchronized boolean isClosed() {
    return closed;
  }

  /**
   * Ends the session from the server side: a WebSocket is closed with {@code code}; a polling
   * client gets the packets still waiting, then the close packet alone in the answer to its next
   * poll (the session waits one ping interval for it). The close never shares an answer with the
   * packets before it: the client handles a Socket.IO packet (a {@code connect_error}, say) on a
   * later tick than an Engine.IO close read from the same payload, and would lose it.
   */
  void closeByServer(int code, String reason) {
    WebSocketWriter ws;
    WebSocketWriter probing;
    PollingBuffer.Answer answer = null;
    boolean closeAnswered = false;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      ws = socket;
      probing = upgrade.abandon();
      if (ws == null) {
        if (polling.isParked() && polling.isEmpty()) {
          closeSent = true;
          closeAnswered = true;
          polling.add(String.valueOf(EngineIo.CLOSE), NO_COMPLETION);
        }
        answer = polling.takeAnswer();
        if (!closeSent) {
          lingerTimer = services.scheduler().schedule(pingInterval, this::leave);
        }
      }
    }
    if (probing != null) {
      probing.close(code, reason);
    }
    if (ws != null) {
      ws.close(code, reason);
      leave();
    } else if (answer != null) {
      answer.send();
      if (closeAnswered) {
        leave();
      }
    }
    closeClient(code, reason);
  }

  private void closeByClient() {
    WebSocketWriter ws;
    PollResponder poll;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      ws = socket;
      poll = polling.takeParked();
      polling.drain();
    }
    if (poll != null) {
      poll.respond(PollResponse.ok(String.valueOf(EngineIo.NOOP)));
    }
    if (ws != null) {
      ws.close(CloseCodes.NORMAL, "client closed");
    }
    leave();
    closeClient(CloseCodes.NORMAL, "client closed");
  }

  /** Leaves the transport's table, once. */
  private void leave() {
    synchronized (this) {
      if (gone) {
        return;
      }
      gone = true;
      if (lingerTimer != null) {
        lingerTimer.cancel();
      }
      polling.drain();
    }
    onGone.accept(this);
  }

  private void closeClient(int code, String reason) {
    synchronized (this) {
      if (clientClosed) {
        return;
      }
      clientClosed = true;
    }
    InboundHandler h = client;
    if (h != null) {
      h.onClose(code, reason);
    }
  }
}
