package io.realtimekit.transport;

import io.realtimekit.application.clientevent.Caller;
import io.realtimekit.application.connection.ConnectUser;
import io.realtimekit.application.connection.DisconnectUser;
import io.realtimekit.application.connection.UpdateRoles;
import io.realtimekit.application.port.ClientChannel;
import io.realtimekit.application.port.CloseReason;
import io.realtimekit.application.port.OutboundEvent;
import io.realtimekit.application.port.TaskScheduler.Cancellable;
import io.realtimekit.application.port.VerifiedToken;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.ConnectionId;
import io.realtimekit.domain.ConnectionUser;
import io.realtimekit.domain.ErrorCode;
import io.realtimekit.domain.Failure;
import io.realtimekit.domain.Result;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import io.realtimekit.protocol.ClientFrame;
import io.realtimekit.protocol.WireFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client socket, whatever its wire protocol: authentication (header or first frame, with a
 * timeout), then client events under a rate limit routed by the {@link
 * io.realtimekit.application.clientevent.ClientEventRouter}, token expiry and in-band refresh, and
 * outbound events through a bounded queue. The protocols differ only in framing, given by the
 * {@link WireFormat}: the native protocol's {@link io.realtimekit.protocol.NativeCodec}, or the
 * Socket.IO codec under an Engine.IO session.
 *
 * <p>States: awaiting authentication, open, closed. State changes happen under the session's lock
 * (timers fire on another thread); frames are handled in order on the connection's executor.
 */
final class ClientSession implements InboundHandler, ClientChannel {
  private static final Logger log = LoggerFactory.getLogger(ClientSession.class);
  private static final Duration FORCED_CLOSE_DELAY = Duration.ofSeconds(2);

  private enum State {
    AWAITING_AUTH,
    CONNECTING,
    OPEN,
    CLOSED
  }

  private final SessionServices services;
  private final WireFormat format;
  private final TransportConnection transport;
  private final Consumer<ClientSession> onGone;
  private final ConnectionId connectionId = ConnectionId.random();
  private final OutboundQueue out;

  /**
   * The rate limit of client events, made at the first event (a bucket starts full, and one left
   * untouched since the socket opened would have refilled to full anyway): idle sockets hold none.
   * Used on the inbound executor only.
   */
  private TokenBucket bucket;

  private final Executor inbound;

  private State state = State.AWAITING_AUTH;

  /** The client's address, for the per-address budgets. */
  private String address = "";

  private boolean addressAdmitted;
  private boolean userAdmitted;
  private volatile Caller caller;
  private Cancellable authTimer;
  private Cancellable expiryTimer;
  private int strikes;

  /**
   * Events that reached this socket while {@code ConnectUser} ran; written right after {@code
   * connected}.
   */
  private List<OutboundEvent> early = new ArrayList<>();

  /** With recovery: the highest offset live delivery handed this socket while it was connecting. */
  private long keptWhileConnecting = OutboundEvent.NOT_KEPT;

  /** With recovery, once open: writes kept events in offset order, without a gap, each once. */
  private KeptOrder kept;

  ClientSession(
      SessionServices services,
      WireFormat format,
      TransportConnection transport,
      Consumer<ClientSession> onGone) {
    this.services = services;
    this.format = format;
    this.transport = transport;
    this.onGone = onGone;
    this.out = new OutboundQueue(transport, services.settings().outboundQueueBytes());
    this.inbound = services.newConnectionExecutor();
  }

  // ---- InboundHandler ------------------------------------------------------------------------

  @Override
  public void onOpen() {
    services.metrics().socketOpened();
    String from = clientAddress();
    ClientBudgets.Refusal refusal = services.budgets().admitAddress(from);
    synchronized (this) {
      address = from;
      addressAdmitted = refusal == null;
    }
    if (refusal != null) {
      refuseOverLimit(refusal);
      return;
    }
    var bearer =
        transport
            .header("Authorization")
            .filter(h -> format.headerAuthentication())
            .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
            .map(h -> h.substring(7).trim());
    if (bearer.isPresent()) {
      inbound.execute(() -> authenticate(bearer.get(), null));
      return;
    }
    synchronized (this) {
      authTimer =
          services
              .scheduler()
              .schedule(
                  services.settings().authTimeout(),
                  () ->
                      inbound.execute(
                          () -> {
                            if (isAwaitingAuth()) {
                              refuse(CloseReason.AUTH_TIMEOUT, "authentication timeout");
                            }
                          }));
    }
  }

  @Override
  public void onText(String text) {
    if (text.length() > services.settings().maxFrameBytes()) {
      services.metrics().refused("frame-too-large");
      closeNow(CloseReason.FRAME_TOO_LARGE, "frame too large");
      return;
    }
    inbound.execute(() -> handle(text));
  }

  @Override
  public void onClose(int code, String reason) {
    services.metrics().socketClosed(code);
    inbound.execute(this::closed);
  }

  @Override
  public void onError(Throwable error) {
    log.debug("socket {} error: {}", connectionId, error.toString());
  }

  // ---- frames --------------------------------------------------------------------------------

  private void handle(String text) {
    State s = state();
    if (s == State.CLOSED) {
      return;
    }
    ClientFrame frame = format.decode(text);
    if (s == State.AWAITING_AUTH) {
      handleBeforeAuth(frame);
    } else {
      handleOpen(frame);
    }
  }

  private void handleBeforeAuth(ClientFrame frame) {
    if (frame instanceof ClientFrame.Connect c) {
      authenticate(c.token(), c);
    } else if (frame instanceof ClientFrame.Invalid inv
        && !inv.failure().code().equals(ErrorCode.UNAUTHORIZED)) {
      out.offer(format.refused(inv.failure()), false);
      closeAfterFlush(CloseReason.PROTOCOL_ERROR, "protocol violation");
    } else if (frame instanceof ClientFrame.Invalid inv) {
      refuse(inv.failure().message());
    } else {
      refuse("authenticate first");
    }
  }

  private void handleOpen(ClientFrame frame) {
    Caller c = caller;
    if (bucket == null) {
      bucket =
          new TokenBucket(
              services.settings().eventsPerSecond(),
              services.settings().eventBurst(),
              System::nanoTime);
    }
    if (!bucket.tryTake() || !services.budgets().takeEvent(address, c.companyId(), c.userId())) {
      services.metrics().rateLimited();
      // refusals accumulate and each accepted event pays one back: a client slightly over its
      // rate is only slowed down, a sustained flood is closed
      if (++strikes > services.settings().eventBurst()) {
        closeNow(CloseReason.RATE_LIMITED, "rate limit exceeded");
      } else {
        answerFailure(
            idOf(frame), new Failure(ErrorCode.RATE_LIMITED, "too many events; slow down"));
      }
      return;
    }
    if (strikes > 0) {
      strikes--;
    }
    if (frame instanceof ClientFrame.Event e) {
      services.metrics().eventIn(e.event());
      EventContext ctx = new EventContext(this, e);
      services.router().dispatch(ctx);
      ctx.acknowledgeIfUnanswered();
    } else if (frame instanceof ClientFrame.Refresh r) {
      refresh(r.token());
    } else if (frame instanceof ClientFrame.Leave) {
      closeNow(CloseReason.NORMAL, "client left");
    } else if (frame instanceof ClientFrame.Ack) {
      return; // the server asks for no acknowledgement
    } else if (frame instanceof ClientFrame.Invalid inv) {
      if (inv.fatal()) {
        out.offer(format.connectionError(inv.failure()), false);
        closeAfterFlush(CloseReason.PROTOCOL_ERROR, "protocol violation");
      } else {
        answerFailure(inv.id(), inv.failure());
      }
    } else {
      answerFailure(
          OptionalLong.empty(), new Failure(ErrorCode.PROTOCOL_ERROR, "already authenticated"));
    }
  }

  private static OptionalLong idOf(ClientFrame frame) {
    if (frame instanceof ClientFrame.Event e) {
      return e.id();
    }
    return frame instanceof ClientFrame.Invalid i ? i.id() : OptionalLong.empty();
  }

  // ---- authentication ------------------------------------------------------------------------

  private void authenticate(String token, ClientFrame.Connect connect) {
    Result<VerifiedToken> verified = services.verifier().verify(token);
    if (!verified.isOk()) {
      refuse(verified.failure().message());
      return;
    }
    VerifiedToken t = verified.value();
    ClientBudgets.Refusal overLimit = services.budgets().admitUser(t.companyId(), t.userId());
    if (overLimit != null) {
      refuseOverLimit(overLimit);
      return;
    }
    synchronized (this) {
      if (state != State.AWAITING_AUTH) {
        services.budgets().releaseUser(t.companyId(), t.userId());
        return;
      }
      userAdmitted = true;
      state = State.CONNECTING;
      caller = new Caller(t.userId(), t.companyId(), t.roles(), connectionId, t.claims());
      cancel(authTimer);
    }
    // registered before ConnectUser runs, so that what its events cause (an assignment, say)
    // reaches this socket; emit() holds such events until the connected frame is written
    services.registry().add(this);
    services.metrics().authenticated();
    // with recovery, the stream is read after the socket is registered for live delivery, so an
    // event appended later reaches it live or by the catch-up below, never neither
    RecoveryHandshake recovery =
        services.streams() == null
            ? null
            : new RecoveryHandshake(services.streams(), t.companyId(), t.userId(), format);
    if (recovery != null) {
      recovery.begin(connect);
    }
    Result<ConnectionUser> connected =
        services
            .commands()
            .send(
                new ConnectUser(
                    t.userId(),
                    t.companyId(),
                    t.roles(),
                    connectionId,
                    services.nodeId(),
                    t.claims()));
    if (!connected.isOk()) {
      services.registry().remove(this);
      synchronized (this) {
        if (userAdmitted) {
          userAdmitted = false;
          services.budgets().releaseUser(t.companyId(), t.userId());
        }
        early = null;
        if (state == State.CONNECTING) {
          state = State.AWAITING_AUTH;
        }
      }
      Failure f = connected.failure();
      if (f.code().equals(ErrorCode.UNAUTHORIZED)) {
        refuse(f.message()); // the same frame, close code and reason as a refused token
        return;
      }
      out.offer(format.refused(f), false);
      if (f.code().equals(ErrorCode.UNAVAILABLE)) {
        services.metrics().refused("unavailable");
        closeAfterFlush(CloseReason.STORE_UNAVAILABLE, "try again later");
        return;
      }
      boolean internal = f.code().equals(ErrorCode.INTERNAL);
      closeAfterFlush(
          internal ? CloseReason.INTERNAL_ERROR : CloseReason.AUTH_FAILED,
          internal ? "internal error" : "refused");
      return;
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("connectionId", connectionId.value());
    data.put("userId", t.userId().value());
    data.put("companyId", t.companyId().toString());
    data.put("roles", t.roles().stream().map(Role::name).sorted().toList());
    data.put("heartbeatMs", services.settings().heartbeat().toMillis());
    boolean disconnectNow;
    while (true) {
      if (recovery != null) {
        recovery
            .catchUp(); // what was appended since the position was read (ConnectUser's events too)
      }
      synchronized (this) {
        disconnectNow = state == State.CLOSED; // the socket closed while we were connecting
        if (disconnectNow) {
          break;
        }
        if (recovery != null && recovery.available() && keptWhileConnecting > recovery.last()) {
          continue; // live delivery handed us an event the catch-up has not read yet
        }
        boolean skipKept = recovery != null && recovery.available();
        if (recovery != null) {
          data.putAll(recovery.connectedFields());
          recovery.replayed().forEach(f -> out.offer(f, false));
        }
        out.offer(
            format.connected(
                connectionId.value(),
                services.codec().json(data),
                recovery == null ? null : recovery.identity(connectionId.value())),
            false);
        if (recovery != null) {
          recovery.caughtUp().forEach(f -> out.offer(f, false));
          kept =
              new KeptOrder(
                  services.streams(),
                  t.companyId(),
                  t.userId(),
                  format,
                  skipKept ? recovery.epoch() : null,
                  skipKept ? recovery.last() : OutboundEvent.NOT_KEPT);
        }
        for (OutboundEvent e : early) {
          if (!(skipKept && e.isKept())) { // kept ones were all written from the stream
            out.offer(frameOf(e), e.transientEvent());
          }
        }
        early = null;
        state = State.OPEN;
        scheduleExpiry(t.expiresAt());
        break;
      }
    }
    if (disconnectNow) {
      services.commands().send(new DisconnectUser(t.userId(), connectionId));
      return;
    }
    log.debug("socket {} authenticated as {} of {}", connectionId, t.userId(), t.companyId());
  }

  private void refresh(String token) {
    Result<VerifiedToken> verified = services.verifier().verify(token);
    Caller current = caller;
    if (!verified.isOk()
        || !verified.value().userId().equals(current.userId())
        || !verified.value().companyId().equals(current.companyId())) {
      String why = verified.isOk() ? "token is for another user" : verified.failure().message();
      out.offer(format.connectionError(new Failure(ErrorCode.UNAUTHORIZED, why)), false);
      closeAfterFlush(CloseReason.AUTH_FAILED, "unauthorized");
      return;
    }
    VerifiedToken t = verified.value();
    synchronized (this) {
      if (state != State.OPEN) {
        return;
      }
      cancel(expiryTimer);
      scheduleExpiry(t.expiresAt());
      caller = new Caller(t.userId(), t.companyId(), t.roles(), connectionId, t.claims());
    }
    if (!t.roles().equals(current.roles())) {
      services.commands().send(new UpdateRoles(t.userId(), t.roles()));
    }
    out.offer(
        format.refreshed(services.codec().json(Map.of("expiresAt", t.expiresAt().toString()))),
        false);
  }

  private void scheduleExpiry(Instant expiresAt) {
    Duration left = Duration.between(services.clock().instant(), expiresAt);
    if (left.isNegative()) {
      left = Duration.ZERO;
    }
    expiryTimer =
        services
            .scheduler()
            .schedule(
                left,
                () -> {
                  log.debug("socket {} token expired", connectionId);
                  out.offer(
                      format.connectionError(new Failure(ErrorCode.UNAUTHORIZED, "token expired")),
                      false);
                  closeAfterFlush(CloseReason.TOKEN_EXPIRED, "token expired");
                });
  }

  /** A socket over a per-user or per-address limit: RATE_LIMITED, then 4429. */
  private void refuseOverLimit(ClientBudgets.Refusal refusal) {
    services.metrics().refused(refusal.metric);
    log.debug("socket {} refused: {}", connectionId, refusal);
    out.offer(format.refused(new Failure(ErrorCode.RATE_LIMITED, refusal.message)), false);
    closeAfterFlush(CloseReason.RATE_LIMITED, refusal.message);
  }

  private String clientAddress() {
    return ClientAddress.of(
        transport.remoteAddress(),
        transport.handshakeHeaders(),
        services.budgets().limits().clientAddressHeader());
  }

  private void refuse(String reason) {
    refuse(CloseReason.AUTH_FAILED, reason);
  }

  private void refuse(CloseReason closeReason, String reason) {
    services.metrics().refused("unauthorized");
    log.debug("socket {} refused: {}", connectionId, reason);
    out.offer(format.refused(new Failure(ErrorCode.UNAUTHORIZED, reason)), false);
    closeAfterFlush(closeReason, "unauthorized");
  }

  // ---- answers -------------------------------------------------------------------------------

  void answerFailure(OptionalLong id, Failure failure) {
    services.metrics().error(failure.code());
    String frame =
        id.isPresent() ? format.replyError(id.getAsLong(), failure) : format.errorEvent(failure);
    out.offer(frame, false);
  }

  void answerSuccess(OptionalLong id, Object data) {
    if (id.isPresent()) {
      String frame = format.replyOk(id.getAsLong(), services.codec().json(data));
      if (fits(frame, "reply")) {
        out.offer(frame, false);
      } else {
        answerFailure(id, new Failure(ErrorCode.INTERNAL, "the reply is too large to send"));
      }
    }
  }

  void emitToSelf(String event, Object data) {
    String frame = format.event(event, services.codec().json(data));
    if (fits(frame, event)) {
      out.offer(frame, false);
    }
  }

  /**
   * Whether {@code frame} is within the outbound frame limit. A larger one is never queued (it
   * would overflow the queue and close this socket for the server's own frame): it is logged and
   * dropped, and the caller answers otherwise.
   */
  private boolean fits(String frame, String what) {
    long limit = services.settings().outboundFrameLimit();
    if (frame.length() <= limit) {
      return true;
    }
    log.warn(
        "socket {}: {} of {} characters not sent, over the outbound frame limit of {}",
        connectionId,
        what,
        frame.length(),
        limit);
    return false;
  }

  SessionServices services() {
    return services;
  }

  Caller caller() {
    return caller;
  }

  // ---- lifecycle -----------------------------------------------------------------------------

  private synchronized State state() {
    return state;
  }

  private synchronized boolean isAwaitingAuth() {
    return state == State.AWAITING_AUTH;
  }

  private void closeAfterFlush(CloseReason why, String reason) {
    int code = CloseReasonCodes.code(why);
    out.closeAfterFlush(code, reason);
    services.scheduler().schedule(FORCED_CLOSE_DELAY, () -> transport.close(code, reason));
  }

  private void closeNow(CloseReason why, String reason) {
    out.release();
    transport.close(CloseReasonCodes.code(why), reason);
  }

  private void closed() {
    Caller was;
    synchronized (this) {
      if (state == State.CLOSED) {
        return;
      }
      was = state == State.OPEN || state == State.CONNECTING ? caller : null;
      state = State.CLOSED;
      cancel(authTimer);
      cancel(expiryTimer);
      if (addressAdmitted) {
        addressAdmitted = false;
        services.budgets().releaseAddress(address);
      }
      if (userAdmitted && caller != null) {
        userAdmitted = false;
        services.budgets().releaseUser(caller.companyId(), caller.userId());
      }
    }
    out.release();
    services.registry().remove(this);
    onGone.accept(this);
    if (was != null) {
      services.commands().send(new DisconnectUser(was.userId(), connectionId));
    }
  }

  private static void cancel(Cancellable c) {
    if (c != null) {
      c.cancel();
    }
  }

  // ---- ClientChannel -------------------------------------------------------------------------

  @Override
  public ConnectionId connectionId() {
    return connectionId;
  }

  @Override
  public UserId userId() {
    return caller.userId();
  }

  @Override
  public CompanyId companyId() {
    return caller.companyId();
  }

  @Override
  public Set<Role> roles() {
    return caller.roles();
  }

  /** Applies roles changed by the host application (not by a token refresh). */
  @Override
  public void rolesChanged(Set<Role> roles) {
    synchronized (this) {
      Caller c = caller;
      if (c != null) {
        caller = new Caller(c.userId(), c.companyId(), roles, connectionId, c.claims());
      }
    }
  }

  @Override
  public boolean emit(OutboundEvent event) {
    synchronized (this) {
      if (state == State.CONNECTING && early != null) {
        boolean recoverable = event.isKept() && services.streams() != null;
        if (recoverable) {
          keptWhileConnecting = Math.max(keptWhileConnecting, event.offset());
        }
        if (early.size() >= 64) {
          return recoverable; // the handshake reads it from the stream
        }
        early.add(event);
        return true;
      }
      if (state != State.OPEN) {
        return false;
      }
      if (event.isKept() && kept != null) {
        // in offset order, each once: written under the lock, held over a gap (see KeptOrder)
        boolean[] fill = {false};
        boolean ok = kept.live(event, keptSink, fill);
        if (fill[0]) {
          scheduleFill(kept);
        }
        return ok;
      }
    }
    return write(frameOf(event), event.name(), event.transientEvent());
  }

  private final KeptOrder.Sink keptSink =
      (frame, name) -> state == State.OPEN && write(frame, name, false); // under the lock

  /** After a short delay, reads a gap of kept events from the stream (off the delivery thread). */
  private void scheduleFill(KeptOrder order) {
    services
        .scheduler()
        .schedule(
            KeptOrder.FILL_DELAY,
            () ->
                inbound.execute(
                    () -> {
                      if (order.fill(this, keptSink)) {
                        scheduleFill(order);
                      }
                    }));
  }

  private boolean write(String frame, String name, boolean transientEvent) {
    if (!fits(frame, name)) {
      return false;
    }
    OutboundQueue.Offer offer = out.offer(frame, transientEvent);
    if (offer == OutboundQueue.Offer.DROPPED) {
      services.metrics().transientDropped();
    } else if (offer == OutboundQueue.Offer.OVERFLOW) {
      services.metrics().slowConsumerClosed();
    }
    return offer == OutboundQueue.Offer.QUEUED;
  }

  private String frameOf(OutboundEvent e) {
    return e.isKept()
        ? format.event(e.name(), e.position().epoch(), e.offset(), e.dataJson())
        : format.event(e.name(), e.dataJson());
  }

  @Override
  public void close(CloseReason why, String reason) {
    String farewell = format.farewell(CloseReasonCodes.code(why));
    if (farewell != null) {
      out.offer(farewell, false);
    }
    closeAfterFlush(why, reason);
  }
}
