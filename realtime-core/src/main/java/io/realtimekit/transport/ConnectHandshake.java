package io.realtimekit.transport;

import io.realtimekit.application.connection.ConnectUser;
import io.realtimekit.application.port.OutboundEvent;
import io.realtimekit.application.port.StreamPosition;
import io.realtimekit.application.port.VerifiedToken;
import io.realtimekit.domain.ConnectionId;
import io.realtimekit.domain.ConnectionUser;
import io.realtimekit.domain.ErrorCode;
import io.realtimekit.domain.Failure;
import io.realtimekit.domain.Result;
import io.realtimekit.domain.Role;
import io.realtimekit.protocol.ClientFrame;
import io.realtimekit.protocol.WireFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The frames of one authenticated socket between its registration for live delivery and its {@code
 * connected} frame: events live delivery hands it meanwhile are held, and with recovery the {@link
 * RecoveryHandshake} reads the user's stream around {@code ConnectUser}. The frames are written as
 * the socket's queue drains: {@link #replay} the recovered events, {@link #open} {@code connected}
 * and the held events (less the kept ones, which the stream gives), then {@link #catchUp} what the
 * stream got meanwhile.
 *
 * <p>Made per authentication attempt and dropped once the catch-up is done or it is refused. Its
 * state is guarded by the owning {@link ClientSession}'s lock; {@link #begin} and {@link #catchUp}
 * read the store and run outside it, on the session's inbound executor.
 */
final class ConnectHandshake {
  /** At most this many live events are held while connecting; later kept ones are re-read. */
  private static final int HELD_LIMIT = 64;

  private final SessionServices services;
  private final VerifiedToken token;
  private final WireFormat format;
  private final RecoveryHandshake recovery;

  /**
   * Events that reached this socket while {@code ConnectUser} ran; written right after {@code
   * connected}.
   */
  private final List<OutboundEvent> held = new ArrayList<>();

  /** With recovery: the highest offset live delivery handed this socket while it was connecting. */
  private long keptWhileConnecting = OutboundEvent.NOT_KEPT;

  /**
   * With recovery, while the store could not be read: the lowest kept event live delivery handed
   * this socket, for {@link #reread}; null when none.
   */
  private StreamPosition firstKeptUnread;

  /** Frames read from the stream and not yet written; {@link #next} is the next one to write. */
  private List<String> page = List.of();

  private int next;

  /** Client frames that arrived before {@code connected} was written, handled right after it. */
  private final List<String> early = new ArrayList<>(0);

  ConnectHandshake(SessionServices services, VerifiedToken token, SessionOutput output) {
    this.services = services;
    this.token = token;
    this.format = output.format();
    this.recovery =
        services.streams() == null
            ? null
            : new RecoveryHandshake(
                services.streams(), token.companyId(), token.userId(), output.format());
  }

  /**
   * With recovery, reads the user's position or the history the client asks for. Called after the
   * socket is registered for live delivery, so an event appended later reaches it live or by {@link
   * #catchUp}, never neither.
   */
  void begin(ClientFrame.Connect connect) {
    if (recovery != null) {
      recovery.begin(connect);
    }
  }

  /**
   * Right after {@code ConnectUser}, before the replay: when {@link #begin} could not read the
   * store, reads it once more (see {@link RecoveryHandshake#reread}). Outside the session's lock,
   * {@code lock}.
   */
  void reread(Object lock) {
    StreamPosition first;
    synchronized (lock) {
      first = firstKeptUnread;
    }
    if (recovery != null) {
      recovery.reread(first);
    }
  }

  /** Sends {@code ConnectUser} for the verified token's user and this socket. */
  Result<ConnectionUser> connectUser(ConnectionId connectionId) {
    return services
        .commands()
        .send(
            new ConnectUser(
                token.userId(),
                token.companyId(),
                token.roles(),
                connectionId,
                services.nodeId(),
                token.claims()));
  }

  /**
   * Refuses the connect ({@code UNAVAILABLE}, close 1013) when recovery is on and the stream could
   * not be read, even after {@link #reread}: {@code connected} could give the client no position,
   * so what it missed until its next socket would be lost for good. True when it refused.
   */
  boolean refuseWhenUnreadable(SessionOutput output) {
    if (recovery == null || recovery.available()) {
      return false;
    }
    output.refuseConnect(new Failure(ErrorCode.UNAVAILABLE, "history is unavailable; try again"));
    return true;
  }

  /**
   * Writes the recovered events (before {@code connected}) while the queue has room; true once all
   * are written, false when {@code resume} will run as the queue drains (the caller then calls
   * again). On the session's inbound executor, outside its lock.
   */
  boolean replay(SessionOutput output, Runnable resume) {
    return recovery == null || write(output, resume, recovery::nextReplayed);
  }

  /**
   * After {@link #open}: writes what was appended to the stream after the replay (or the position
   * {@code connected} gave) while the queue has room; true once a read finds nothing newer, false
   * when {@code resume} will run as the queue drains. Then, under the session's lock, {@link
   * #behindLive} says whether to call it again or {@link #caughtUp}.
   */
  boolean catchUp(SessionOutput output, Runnable resume) {
    return recovery == null || write(output, resume, recovery::nextCaughtUp);
  }

  private boolean write(SessionOutput output, Runnable resume, Supplier<List<String>> pages) {
    while (true) {
      if (next == page.size()) {
        page = pages.get();
        next = 0;
        if (page.isEmpty()) {
          return true;
        }
      }
      if (!output.awaitRoom(resume)) {
        return false;
      }
      output.offer(page.get(next++));
    }
  }

  /**
   * Holds an event live delivery hands the socket while it connects (under the session's lock);
   * true when it will reach the client, from this buffer or from the stream.
   */
  boolean hold(OutboundEvent event) {
    boolean recoverable = event.isKept() && services.streams() != null;
    if (recoverable) {
      keptWhileConnecting = Math.max(keptWhileConnecting, event.offset());
      if (recovery.available()) {
        return true; // written from the stream (open skips held kept events then)
      }
      if (firstKeptUnread == null || event.offset() < firstKeptUnread.offset()) {
        firstKeptUnread = event.position();
      }
    }
    if (held.size() >= HELD_LIMIT) {
      return recoverable; // the handshake reads it from the stream
    }
    held.add(event);
    return true;
  }

  /**
   * After {@link #open}, while the catch-up runs (under the session's lock): true when {@code
   * event} is a kept event of the stream, which the catch-up reads; live delivery then skips it.
   */
  boolean catchesUp(OutboundEvent event) {
    if (recovery == null
        || !recovery.available()
        || !event.isKept()
        || !event.position().epoch().equals(recovery.epoch())) {
      return false;
    }
    keptWhileConnecting = Math.max(keptWhileConnecting, event.offset());
    return true;
  }

  /**
   * Keeps a client frame that arrived before {@code connected} was written (under the session's
   * lock); false when too many wait (the client is then closed).
   */
  boolean holdEarly(String text) {
    if (early.size() >= HELD_LIMIT) {
      return false;
    }
    early.add(text);
    return true;
  }

  /** The client frames held by {@link #holdEarly}, once (under the session's lock). */
  List<String> takeEarly() {
    List<String> taken = List.copyOf(early);
    early.clear();
    return taken;
  }

  /**
   * Once the catch-up is done (under the session's lock): with recovery, what writes the live kept
   * events from then on, in offset order after the last one the handshake wrote, each once (see
   * {@link KeptOrder}); null without recovery. {@code sink} is called under {@code lock}.
   */
  KeptOrder caughtUp(Object lock, KeptOrder.Sink sink, Executor inbound) {
    if (recovery == null) {
      return null;
    }
    boolean skipKept = recovery.available();
    return new KeptOrder(
        services.streams(),
        token.companyId(),
        token.userId(),
        format,
        skipKept ? recovery.epoch() : null,
        skipKept ? recovery.last() : OutboundEvent.NOT_KEPT,
        lock,
        sink,
        services.scheduler(),
        inbound);
  }

  /**
   * Whether live delivery handed the socket a kept event the catch-up has not read yet: then {@link
   * #catchUp} again (under the session's lock).
   */
  boolean behindLive() {
    return recovery != null && recovery.available() && keptWhileConnecting > recovery.last();
  }

  /**
   * Writes the handshake's frames up to {@code connected} and the held events (under the session's
   * lock); the catch-up follows, and live delivery skips the kept events it reads ({@link
   * #catchesUp}).
   */
  void open(ConnectionId connectionId, SessionOutput output) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("connectionId", connectionId.value());
    data.put("userId", token.userId().value());
    data.put("companyId", token.companyId().toString());
    data.put("roles", token.roles().stream().map(Role::name).sorted().toList());
    data.put("heartbeatMs", services.settings().heartbeat().toMillis());
    boolean skipKept = recovery != null && recovery.available();
    if (recovery != null) {
      data.putAll(recovery.connectedFields());
    }
    output.offer(
        output
            .format()
            .connected(
                connectionId.value(),
                services.codec().json(data),
                recovery == null ? null : recovery.identity(connectionId.value())));
    for (OutboundEvent e : held) {
      if (!(skipKept && e.isKept())) { // kept ones were all written from the stream
        output.deliverHeld(e);
      }
    }
    held.clear();
  }
}
