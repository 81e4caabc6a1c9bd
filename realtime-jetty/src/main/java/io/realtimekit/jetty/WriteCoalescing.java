package io.realtimekit.jetty;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.websocket.core.CoreSession;

/**
 * Frames written while a Jetty thread handles the frames of one read go out in one network write
 * per socket, when that read's last complete frame has been handled, instead of one write per
 * frame.
 *
 * <p>While a thread is inside {@link #enter()}/{@link #exit()} (around the handling of one inbound
 * frame), frames sent to any socket are put in that socket's Jetty batch buffer and the socket is
 * remembered; {@link #exit()} flushes the remembered sockets unless another complete frame of the
 * same read is already buffered, in which case the flush waits for the handling of that frame
 * (which Jetty starts as soon as the current one returns). A burst of k chat messages read at once
 * thus costs two writes (the k replies, the k deliveries) instead of 2k.
 *
 * <p>Batching and flushing use Jetty's public API ({@code CoreSession.sendFrame(frame, callback,
 * true)} and {@code CoreSession.flush}). Whether a complete frame is buffered is not published by
 * Jetty: {@link BufferedFrameProbe} reads it, and {@link #available()} is false when this Jetty
 * version does not let it, in which case every frame's writes are flushed as soon as that frame has
 * been handled (correct, only slower). A frame whose bytes are only partly buffered never defers a
 * flush, so a client waiting for a reply before sending the rest can never stall.
 *
 * <p>Off ({@link #off()}, from {@link RealtimeJetty.Builder#writeCoalescing(boolean)}): nothing is
 * batched or deferred, every frame is written when it is sent, and no Jetty internal is read.
 *
 * <p>One instance per server, shared by its endpoints; state is per thread.
 */
final class WriteCoalescing {

  /** The sockets with batched frames, and the nesting depth, of one thread. */
  private static final class Scope {
    final List<CoreWebSocketConnection> pending = new ArrayList<>(4);
    int depth;
  }

  private final boolean enabled;
  private final ThreadLocal<Scope> scopes = ThreadLocal.withInitial(Scope::new);
  private final BufferedFrameProbe probe;
  private final LongAdder flushes = new LongAdder();
  private final LongAdder batchedFrames = new LongAdder();

  private WriteCoalescing(boolean enabled) {
    this.enabled = enabled;
    this.probe = enabled ? new BufferedFrameProbe() : null;
  }

  /** Coalescing on: writes of one read are batched, and deferred while the read has more frames. */
  static WriteCoalescing on() {
    return new WriteCoalescing(true);
  }

  /** Coalescing off: every frame is written when it is sent. */
  static WriteCoalescing off() {
    return new WriteCoalescing(false);
  }

  /** True when coalescing is on. */
  boolean enabled() {
    return enabled;
  }

  /**
   * True when coalescing is on and this Jetty lets flushes be deferred; else each frame is flushed.
   */
  boolean available() {
    return enabled && probe.available();
  }

  /**
   * Starts the handling of one inbound frame of {@code reading} on this thread; takes back the
   * flushes that the previous frame of the same read deferred.
   */
  void enter(CoreWebSocketConnection reading) {
    if (!enabled) {
      return;
    }
    Scope scope = scopes.get();
    scope.depth++;
    List<CoreWebSocketConnection> deferred = reading.takeDeferred();
    if (deferred != null) {
      for (CoreWebSocketConnection c : deferred) {
        addPending(scope.pending, c);
      }
    }
  }

  /** True when the current thread is handling an inbound frame (sends should be batched). */
  boolean active() {
    return enabled && scopes.get().depth > 0;
  }

  /** {@code connection} holds batched frames that the end of this scope must flush. */
  void pending(CoreWebSocketConnection connection) {
    batchedFrames.increment();
    addPending(scopes.get().pending, connection);
  }

  private static void addPending(
      List<CoreWebSocketConnection> pending, CoreWebSocketConnection connection) {
    for (int i = 0, n = pending.size(); i < n; i++) {
      if (pending.get(i) == connection) {
        return;
      }
    }
    pending.add(connection);
  }

  /**
   * Ends the handling of one inbound frame of {@code reading}; flushes every socket written to,
   * unless {@code mayDefer} (the connection goes on reading) and another complete frame of this
   * read is already buffered: then the flushes are handed to {@code reading}, whose next frame
   * takes them back ({@link #enter}), or whose close flushes them ({@link #flushDeferred}), on
   * whatever thread that happens.
   */
  void exit(CoreWebSocketConnection reading, CoreSession session, boolean mayDefer) {
    if (!enabled) {
      return;
    }
    Scope scope = scopes.get();
    scope.depth--;
    if (scope.depth > 0 || scope.pending.isEmpty()) {
      return;
    }
    if (mayDefer && probe.completeFrameBuffered(session)) {
      reading.defer(List.copyOf(scope.pending));
      scope.pending.clear();
      return;
    }
    flush(scope.pending.toArray(new CoreWebSocketConnection[0]));
    scope.pending.clear();
  }

  /** Flushes what {@code reading} holds deferred (its read ended without another frame). */
  void flushDeferred(CoreWebSocketConnection reading) {
    List<CoreWebSocketConnection> deferred = reading.takeDeferred();
    if (deferred != null) {
      flush(deferred.toArray(new CoreWebSocketConnection[0]));
    }
  }

  private void flush(CoreWebSocketConnection[] connections) {
    // a flush may complete inline and its callbacks send more: they find no scope and write at once
    for (CoreWebSocketConnection c : connections) {
      flushes.increment();
      c.flushBatch();
    }
  }

  /** Network writes made by scope ends, and frames batched in scopes (for tests and stats). */
  long flushes() {
    return flushes.sum();
  }

  long batchedFrames() {
    return batchedFrames.sum();
  }
}
