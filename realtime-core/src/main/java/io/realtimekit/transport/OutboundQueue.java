package io.realtimekit.transport;

import io.realtimekit.application.port.CloseReason;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bounded queue of frames waiting to be written to one socket. Keeps at most one write
 * outstanding on the {@link TransportConnection}; when the frames waiting exceed the byte limit,
 * the consumer is too slow: the queue is dropped and the socket closed with 4429, so memory per
 * connection stays bounded whatever the reader does. Thread-safe.
 *
 * <p>Frames that wait behind the one being written leave together: the next write hands them all to
 * {@link TransportConnection#sendTexts}, so that an adapter able to gather them makes one network
 * write of many frames (a busy socket pays one system call per batch, not per frame).
 *
 * <p>Transient frames (typing indicators) are refused instead of queued once the queue holds more
 * than a quarter of its limit: they are worthless late.
 */
final class OutboundQueue {
  /** The most frames one write carries. */
  static final int MAX_BATCH_FRAMES = 64;

  /** A batch stops growing past this many characters. */
  static final long MAX_BATCH_CHARS = 64 * 1024;

  private final TransportConnection transport;
  private final long maxBytes;

  /** Small at first (every idle socket holds one): it grows when frames pile up. */
  private final ArrayDeque<Object> queue = new ArrayDeque<>(3);

  private long queuedBytes;
  private boolean writing;
  private boolean closed;

  /** Run once the frames waiting fall to {@link #roomAt} bytes or fewer; null when none. */
  private Runnable onRoom;

  private long roomAt;

  /**
   * @param transport where frames are written
   * @param maxBytes the most bytes (approximated by characters) that may wait
   */
  public OutboundQueue(TransportConnection transport, long maxBytes) {
    this.transport = transport;
    this.maxBytes = maxBytes;
  }

  private record CloseMarker(int code, String reason) {}

  /** Outcome of {@link #offer}. */
  public enum Offer {
    /** Queued (or written at once). */
    QUEUED,
    /** A transient frame dropped under back-pressure; the socket is fine. */
    DROPPED,
    /** The queue overflowed: the socket is being closed with 4429. */
    OVERFLOW,
    /** The queue is closed; nothing more is written. */
    CLOSED
  }

  /** Queues {@code text} for writing. Never blocks. */
  public Offer offer(String text, boolean transientFrame) {
    long cost = text.length();
    synchronized (this) {
      if (closed) {
        return Offer.CLOSED;
      }
      if (transientFrame && queuedBytes > maxBytes / 4) {
        return Offer.DROPPED;
      }
      if (queuedBytes + cost <= maxBytes) {
        queue.add(text);
        queuedBytes += cost;
        if (writing) {
          return Offer.QUEUED;
        }
        writing = true;
      } else {
        closed = true;
        queue.clear();
        queuedBytes = 0;
        onRoom = null;
        text = null;
      }
    }
    if (text == null) {
      transport.close(CloseReasonCodes.code(CloseReason.SLOW_CONSUMER), "consumer too slow");
      return Offer.OVERFLOW;
    }
    pump();
    return Offer.QUEUED;
  }

  /** Writes what is queued, then closes with {@code code}. Frames offered later are refused. */
  public void closeAfterFlush(int code, String reason) {
    boolean closeNow;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      closeNow = !writing && queue.isEmpty();
      if (!closeNow) {
        queue.add(new CloseMarker(code, reason));
      }
    }
    if (closeNow) {
      transport.close(code, reason);
    }
  }

  /** Drops what is queued and refuses anything more (the socket is gone). */
  public synchronized void release() {
    closed = true;
    queue.clear();
    queuedBytes = 0;
    onRoom = null;
  }

  /**
   * For a writer that paces itself (a recovery's replay): true when at most half the limit is
   * waiting, so that it may offer a frame now; otherwise false, and {@code then} runs once, on the
   * writing thread, when the waiting frames fall to half the limit (it should only hand the work to
   * another thread). A closed queue answers false and never runs {@code then}. One waiter at a
   * time: a later call replaces an earlier one.
   */
  public boolean awaitRoom(Runnable then) {
    synchronized (this) {
      if (closed) {
        onRoom = null;
        return false;
      }
      long half = maxBytes / 2;
      if (queuedBytes <= half) {
        onRoom = null;
        return true;
      }
      onRoom = then;
      roomAt = half;
      return false;
    }
  }

  /** Bytes (characters) waiting to be written. */
  public synchronized long queuedBytes() {
    return queuedBytes;
  }

  /**
   * Writes queued frames until the queue is empty or a write completes asynchronously. Runs on the
   * thread that set {@code writing}; completions that happen inline continue the loop here instead
   * of recursing, so a container that completes writes synchronously cannot overflow the stack.
   */
  void pump() {
    while (true) {
      Object next;
      List<String> batch = null;
      Runnable room = null;
      synchronized (this) {
        next = queue.poll();
        if (next == null) {
          writing = false;
          return;
        }
        if (next instanceof String s) {
          queuedBytes -= s.length();
          // frames waiting behind it go out in the same write, up to a bound
          if (queue.peek() instanceof String) {
            batch = new ArrayList<>();
            batch.add(s);
            long bytes = s.length();
            while (batch.size() < MAX_BATCH_FRAMES
                && bytes < MAX_BATCH_CHARS
                && queue.peek() instanceof String more) {
              queue.poll();
              queuedBytes -= more.length();
              bytes += more.length();
              batch.add(more);
            }
          }
        }
        if (onRoom != null && queuedBytes <= roomAt) {
          room = onRoom;
          onRoom = null;
        }
      }
      if (room != null) {
        room.run();
      }
      if (next instanceof CloseMarker m) {
        synchronized (this) {
          queue.clear();
          queuedBytes = 0;
          writing = false;
        }
        transport.close(m.code(), m.reason());
        return;
      }
      Write write = new Write();
      try {
        if (batch != null) {
          transport.sendTexts(batch, write);
        } else {
          transport.sendText((String) next, write);
        }
      } catch (RuntimeException e) {
        write.failed(e);
      }
      if (write.state.compareAndSet(Write.PENDING, Write.RETURNED)) {
        return; // the callback will continue the pump
      }
      if (write.state.get() == Write.FAILED) {
        return;
      }
    }
  }

  private void onWriteFailed() {
    synchronized (this) {
      closed = true;
      writing = false;
      queue.clear();
      queuedBytes = 0;
      onRoom = null;
    }
    transport.close(CloseReasonCodes.code(CloseReason.INTERNAL_ERROR), "write failed");
  }

  private final class Write implements SendCallback {
    static final int PENDING = 0;
    static final int RETURNED = 1;
    static final int DONE = 2;
    static final int FAILED = 3;
    final AtomicInteger state = new AtomicInteger(PENDING);

    @Override
    public void succeeded() {
      if (!state.compareAndSet(PENDING, DONE)) {
        pump(); // the sender already returned: continue here
      }
    }

    @Override
    public void failed(Throwable cause) {
      state.set(FAILED);
      onWriteFailed();
    }
  }
}
