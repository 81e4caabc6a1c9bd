package io.realtimekit.jetty;

import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.io.RetainableByteBuffer;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.WebSocketConnection;
import org.eclipse.jetty.websocket.core.WebSocketCoreSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Frames written while a Jetty thread handles the frames of one read go out in one network write
 * per socket, when that read's last complete frame has been handled, instead of one write per
 * frame.
 *
 * <p>While a thread is inside {@link #enter()}/{@link #exit()} (around the handling of one
 * inbound frame), frames sent to any socket are put in that socket's Jetty batch buffer and the
 * socket is remembered; {@link #exit()} flushes the remembered sockets unless another complete
 * frame of the same read is already buffered, in which case the flush waits for the handling of
 * that frame (which Jetty starts as soon as the current one returns). A burst of k chat messages
 * read at once thus costs two writes (the k replies, the k deliveries) instead of 2k.
 *
 * <p>Whether a complete frame is buffered is read from the connection's network buffer, a field
 * Jetty does not publish: {@link #available()} is false when this Jetty version does not have it,
 * and every frame is then flushed as soon as it has been handled (correct, only slower). A frame
 * whose bytes are only partly buffered never defers a flush, so a client waiting for a reply
 * before sending the rest can never stall.
 *
 * <p>One instance per server, shared by its endpoints; state is per thread.
 */
final class WriteCoalescing {
  private static final Logger log = LoggerFactory.getLogger(WriteCoalescing.class);

  /** The sockets with batched frames, and the nesting depth, of one thread. */
  private static final class Scope {
    final List<CoreWebSocketConnection> pending = new ArrayList<>(4);
    int depth;
  }

  private final ThreadLocal<Scope> scopes = ThreadLocal.withInitial(Scope::new);
  private final Field networkBuffer = networkBufferField();
  private final LongAdder flushes = new LongAdder();
  private final LongAdder batchedFrames = new LongAdder();

  /** True when this Jetty exposes what is needed to defer flushes; else each frame is flushed. */
  boolean available() {
    return networkBuffer != null;
  }

  /**
   * Starts the handling of one inbound frame of {@code reading} on this thread; takes back the
   * flushes that the previous frame of the same read deferred.
   */
  void enter(CoreWebSocketConnection reading) {
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
    return scopes.get().depth > 0;
  }

  /** {@code connection} holds batched frames that the end of this scope must flush. */
  void pending(CoreWebSocketConnection connection) {
    batchedFrames.increment();
    addPending(scopes.get().pending, connection);
  }

  private static void addPending(List<CoreWebSocketConnection> pending, CoreWebSocketConnection connection) {
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
    Scope scope = scopes.get();
    scope.depth--;
    if (scope.depth > 0 || scope.pending.isEmpty()) {
      return;
    }
    if (mayDefer && completeFrameBuffered(session)) {
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

  /** Whether the network buffer of {@code session} holds at least one more complete frame. */
  private boolean completeFrameBuffered(CoreSession session) {
    if (networkBuffer == null || !(session instanceof WebSocketCoreSession core)) {
      return false;
    }
    try {
      WebSocketConnection connection = core.getConnection();
      Object held = connection == null ? null : networkBuffer.get(connection);
      if (!(held instanceof RetainableByteBuffer buffer)) {
        return false;
      }
      return completeFrameAt(buffer.getByteBuffer());
    } catch (IllegalAccessException | RuntimeException e) {
      return false;
    }
  }

  /** True when {@code unread} (flush mode) starts with a whole WebSocket frame, header and payload. */
  static boolean completeFrameAt(ByteBuffer unread) {
    int p = unread.position();
    int n = unread.remaining();
    if (n < 2) {
      return false;
    }
    int second = unread.get(p + 1) & 0xff;
    int len7 = second & 0x7f;
    long length;
    int header;
    if (len7 == 126) {
      if (n < 4) {
        return false;
      }
      length = ((unread.get(p + 2) & 0xff) << 8) | (unread.get(p + 3) & 0xff);
      header = 4;
    } else if (len7 == 127) {
      if (n < 10) {
        return false;
      }
      length = unread.getLong(p + 2);
      header = 10;
    } else {
      length = len7;
      header = 2;
    }
    if ((second & 0x80) != 0) {
      header += 4; // the mask key
    }
    return length >= 0 && n - header >= length;
  }

  private static Field networkBufferField() {
    try {
      Field f = WebSocketConnection.class.getDeclaredField("networkBuffer");
      if (!RetainableByteBuffer.class.isAssignableFrom(f.getType())) {
        throw new NoSuchFieldException("networkBuffer is a " + f.getType());
      }
      f.setAccessible(true);
      return f;
    } catch (NoSuchFieldException | RuntimeException e) {
      log.debug("write coalescing off: this Jetty's network buffer is not reachable ({})", e.toString());
      return null;
    }
  }
}
