package io.realtimekit.transport.socketio;

import io.realtimekit.transport.SendCallback;
import io.realtimekit.transport.TransportConnection;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serialises the writes of one Engine.IO WebSocket: the session's messages and the engine's own
 * packets (pings, {@code 3probe}) share the socket, which takes one write at a time. Holds only
 * what is in flight: the session's outbound queue keeps at most one message here, the engine a few
 * control packets; pongs to a client's pings are taken only within a limit ({@link #writeWithin}),
 * so a client that pings and never reads cannot fill it. Thread-safe.
 */
final class WebSocketWriter {
  private record Pending(String text, SendCallback completion) {}

  private final TransportConnection socket;

  /** Small at first (an idle socket holds one of these): it grows when writes pile up. */
  private final ArrayDeque<Pending> queue = new ArrayDeque<>(3);

  private boolean writing;
  private boolean failed;

  /** Characters (plus a per-packet cost) queued or in flight. */
  private long size;

  WebSocketWriter(TransportConnection socket) {
    this.socket = socket;
  }

  TransportConnection socket() {
    return socket;
  }

  /** Writes {@code text} after what is already queued; {@code completion} reports it. */
  void write(String text, SendCallback completion) {
    write(text, completion, Long.MAX_VALUE);
  }

  /**
   * Writes {@code text} like {@link #write} if what is queued or in flight stays within {@code
   * limit}; otherwise takes nothing and returns false.
   */
  boolean writeWithin(String text, SendCallback completion, long limit) {
    return write(text, completion, limit);
  }

  /** Characters (plus a per-packet cost) queued or in flight now. */
  synchronized long size() {
    return size;
  }

  private boolean write(String text, SendCallback completion, long limit) {
    boolean refuse;
    synchronized (this) {
      refuse = failed;
      if (!refuse) {
        long cost = cost(text);
        if (size + cost > limit) {
          return false;
        }
        size += cost;
        queue.add(new Pending(text, completion));
        if (writing) {
          return true;
        }
        writing = true;
      }
    }
    if (refuse) {
      completion.failed(new IllegalStateException("socket write failed earlier"));
      return true;
    }
    drain();
    return true;
  }

  private static long cost(String text) {
    return text.length() + PollingBuffer.PACKET_COST;
  }

  private synchronized void written(String text) {
    size -= cost(text);
  }

  /** Closes the socket (the adapter lets the write in flight finish first). */
  void close(int code, String reason) {
    socket.close(code, reason);
  }

  private void drain() {
    while (true) {
      Pending next;
      synchronized (this) {
        next = queue.poll();
        if (next == null) {
          writing = false;
          return;
        }
      }
      Step step = new Step(next);
      try {
        socket.sendText(next.text(), step);
      } catch (RuntimeException e) {
        step.failed(e);
      }
      if (!step.completedInline()) {
        return; // the write completes later, and its callback drains on
      }
    }
  }

  private void failAll(Throwable cause) {
    Pending[] rest;
    synchronized (this) {
      failed = true;
      writing = false;
      rest = queue.toArray(new Pending[0]);
      queue.clear();
      size = 0;
    }
    for (Pending p : rest) {
      p.completion().failed(cause);
    }
  }

  /** One write; knows whether it completed before {@code sendText} returned. */
  private final class Step implements SendCallback {
    private static final int IN_FLIGHT = 0;
    private static final int CALLER_RETURNED = 1;
    private static final int DONE = 2;
    private static final int FAILED = 3;
    private final AtomicInteger state = new AtomicInteger(IN_FLIGHT);
    private final Pending pending;
    private final SendCallback completion;

    Step(Pending pending) {
      this.pending = pending;
      this.completion = pending.completion();
    }

    boolean completedInline() {
      return !state.compareAndSet(IN_FLIGHT, CALLER_RETURNED) && state.get() == DONE;
    }

    @Override
    public void succeeded() {
      written(pending.text());
      completion.succeeded();
      if (!state.compareAndSet(IN_FLIGHT, DONE)) {
        drain();
      }
    }

    @Override
    public void failed(Throwable cause) {
      state.set(FAILED);
      completion.failed(cause);
      failAll(cause);
    }
  }
}
