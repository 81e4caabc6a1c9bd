package io.realtimekit.transport;

import io.realtimekit.application.clientevent.Caller;
import io.realtimekit.application.connection.DisconnectUser;
import io.realtimekit.application.port.ClientChannel;
import io.realtimekit.application.port.CloseReason;
import io.realtimekit.application.port.OutboundEvent;
import io.realtimekit.application.port.TaskScheduler.Cancellable;
import io.realtimekit.application.port.VerifiedToken;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.ConnectionId;
import io.realtimekit.domain.ConnectionUser;
import io.realtimekit.domain.ErrorCode;
import io.realtimekit.domain.Result;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import io.realtimekit.protocol.ClientFrame;
import io.realtimekit.protocol.WireFormat;
import java.time.Duration;
import java.util.List;
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
 * <p>States: awaiting authentication, connecting, open, closed. State changes happen under the
 * session's lock (timers fire on another thread); frames are handled in order on the connection's
 * executor. The session decides; its collaborators do the parts: {@link SessionOutput} sends and
 * closes, {@link ConnectHandshake} writes the frames up to {@code connected} (with recovery, the
 * replay), {@link InboundFrames} handles the frames of the authenticated socket.
 */
final class ClientSession implements InboundHandler, ClientChannel {
  private static final Logger log = LoggerFactory.getLogger(ClientSession.class);

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
  private final SessionOutput out;

  /**
   * Made at the first frame after authentication: idle sockets hold none. Inbound executor only.
   */
  private InboundFrames frames;

  private final Executor inbound;

  private State state = State.AWAITING_AUTH;

  /** The client's address, for the per-address budgets. */
  private String address = "";

  private boolean addressAdmitted;
  private boolean userAdmitted;
  private volatile Caller caller;
  private Cancellable authTimer;
  private Cancellable expiryTimer;

  /** While connecting: the frames up to {@code connected}; null otherwise. */
  private ConnectHandshake handshake;

  /**
   * With recovery, once caught up: writes live kept events in offset order, without a gap, each
   * once (see {@link KeptOrder}); null otherwise.
   */
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
    this.out = new SessionOutput(services, format, transport, connectionId);
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
      out.refuseOverLimit(refusal);
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
                              out.refuse(CloseReason.AUTH_TIMEOUT, "authentication timeout");
                            }
                          }));
    }
  }

  @Override
  public void onText(String text) {
    if (text.length() > services.settings().maxFrameBytes()) {
      services.metrics().refused("frame-too-large");
      out.closeNow(CloseReason.FRAME_TOO_LARGE, "frame too large");
      return;
    }
    inbound.execute(() -> handle(text));
  }

  @Override
  public void onClose(int code, String reason) {
    services.metrics().socketClosed(code);
    if (out.isDelivering()) {
      // a write failed (or overflowed) during a delivery, whose thread may hold another user's
      // lock; DisconnectUser takes this user's: two users delivering to each other's failing
      // sockets would wait for each other, so the close is handled on another thread
      services.scheduler().schedule(Duration.ZERO, () -> inbound.execute(this::closed));
      return;
    }
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
    if (s == State.CONNECTING) {
      holdEarly(text);
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
      out.offer(format.refused(inv.failure()));
      out.closeAfterFlush(CloseReason.PROTOCOL_ERROR, "protocol violation");
    } else if (frame instanceof ClientFrame.Invalid inv) {
      out.refuse(inv.failure().message());
    } else {
      out.refuse("authenticate first");
    }
  }

  /** A frame before {@code connected} (the replay is being written): handled right after it. */
  private void holdEarly(String text) {
    synchronized (this) {
      if (handshake == null || handshake.holdEarly(text)) {
        return;
      }
    }
    out.closeNow(CloseReason.RATE_LIMITED, "too many frames before connected");
  }

  private void handleOpen(ClientFrame frame) {
    if (frames == null) {
      frames = new InboundFrames(this, services, out);
    }
    frames.handle(frame, caller, address);
  }

  // ---- authentication ------------------------------------------------------------------------

  private void authenticate(String token, ClientFrame.Connect connect) {
    Result<VerifiedToken> verified = services.verifier().verify(token);
    if (!verified.isOk()) {
      out.refuse(verified.failure().message());
      return;
    }
    VerifiedToken t = verified.value();
    ClientBudgets.Refusal overLimit = services.budgets().admitUser(t.companyId(), t.userId());
    if (overLimit != null) {
      out.refuseOverLimit(overLimit);
      return;
    }
    ConnectHandshake h = new ConnectHandshake(services, t, out);
    synchronized (this) {
      if (state != State.AWAITING_AUTH) {
        services.budgets().releaseUser(t.companyId(), t.userId());
        return;
      }
      userAdmitted = true;
      state = State.CONNECTING;
      caller = new Caller(t.userId(), t.companyId(), t.roles(), connectionId, t.claims());
      handshake = h;
      cancel(authTimer);
    }
    // registered before ConnectUser runs, so that what its events cause (an assignment, say)
    // reaches this socket; emit() holds such events until the connected frame is written
    services.registry().add(this);
    services.metrics().authenticated();
    // with recovery, the stream is read after the socket is registered for live delivery
    h.begin(connect);
    Result<ConnectionUser> connected = h.connectUser(connectionId);
    if (!connected.isOk()) {
      services.registry().remove(this);
      synchronized (this) {
        if (userAdmitted) {
          userAdmitted = false;
          services.budgets().releaseUser(t.companyId(), t.userId());
        }
        handshake = null;
        if (state == State.CONNECTING) {
          state = State.AWAITING_AUTH;
        }
      }
      out.refuseConnect(connected.failure());
      return;
    }
    // when the first read failed: the store answered ConnectUser, so it may answer now
    h.reread(this);
    if (h.refuseWhenUnreadable(out)) {
      return; // the close disconnects the user (closed() sees a connecting socket)
    }
    proceed(h, t);
  }

  /**
   * Writes the handshake's frames as the queue drains: the replay, {@code connected} (the socket
   * opens), then the catch-up. Runs on the inbound executor, again each time the queue has room, so
   * that a history of any size reaches a socket of any bound; stops when the socket closed (then
   * {@link #closed} disconnects the user).
   */
  private void proceed(ConnectHandshake h, VerifiedToken t) {
    Runnable resume = () -> inbound.execute(() -> proceed(h, t));
    if (state() == State.CONNECTING) {
      if (!h.replay(out, resume) || !out.awaitRoom(resume)) {
        return; // connected waits for room too: the replay's last frames may fill the queue
      }
      List<String> early;
      synchronized (this) {
        if (state != State.CONNECTING || handshake != h) {
          return;
        }
        h.open(connectionId, out);
        state = State.OPEN;
        expiryTimer = out.closeAtExpiry(t.expiresAt());
        early = h.takeEarly();
      }
      log.debug("socket {} authenticated as {} of {}", connectionId, t.userId(), t.companyId());
      early.forEach(text -> handleOpen(format.decode(text)));
    }
    while (true) {
      synchronized (this) {
        if (state != State.OPEN || handshake != h) {
          return;
        }
      }
      if (!h.catchUp(out, resume)) {
        return;
      }
      synchronized (this) {
        if (state != State.OPEN || handshake != h) {
          return;
        }
        if (!h.behindLive()) { // else live delivery handed us an event not read yet
          kept = h.caughtUp(this, this::writeKept, inbound);
          handshake = null;
          return;
        }
      }
    }
  }

  /**
   * A refreshed token of the open socket: the new expiry and roles; false when the socket is no
   * longer open.
   */
  synchronized boolean renew(VerifiedToken t) {
    if (state != State.OPEN) {
      return false;
    }
    cancel(expiryTimer);
    expiryTimer = out.closeAtExpiry(t.expiresAt());
    caller = new Caller(t.userId(), t.companyId(), t.roles(), connectionId, t.claims());
    return true;
  }

  private String clientAddress() {
    return ClientAddress.of(
        transport.remoteAddress(),
        transport.handshakeHeaders(),
        services.budgets().limits().clientAddressHeader());
  }

  // ---- lifecycle -----------------------------------------------------------------------------

  private synchronized State state() {
    return state;
  }

  private synchronized boolean isAwaitingAuth() {
    return state == State.AWAITING_AUTH;
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
      if (state == State.CONNECTING && handshake != null) {
        return handshake.hold(event);
      }
      if (state != State.OPEN) {
        return false;
      }
      if (handshake != null && handshake.catchesUp(event)) {
        return true; // the catch-up writes it from the stream
      }
      if (event.isKept() && kept != null) {
        return kept.live(event); // in offset order, each once: written, skipped or held
      }
    }
    return out.deliver(event);
  }

  /** Where {@link #kept} writes (under the session's lock): false once the socket is not open. */
  private boolean writeKept(String frame, String name) {
    return state == State.OPEN && out.deliver(frame, name, false);
  }

  @Override
  public void close(CloseReason why, String reason) {
    out.farewell(why, reason);
  }
}
