package io.realtimekit.transport.socketio;

import io.realtimekit.transport.SendCallback;
import io.realtimekit.transport.TransportConnection;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serialises the writes of one Engine.IO WebSocket: the session's messages and the engine's own
 * packets (pings, {@code 3probe}) share the socket, which takes one write at a time. Holds only
 * what is in flight: the session's outbound queue keeps at most one message here, the engine a
 * few control packets. Thread-safe.
 */
final class WebSocketWriter {
  private record Pending(String text, SendCallback completion) {}

  private final TransportConnection socket;
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private boolean writing;
  private boolean failed;

  WebSocketWriter(TransportConnection socket) {
    this.socket = socket;
  }

  TransportConnection socket() {
    return socket;
  }

  /** Writes {@code text} after what is already queued; {@code completion} reports it. */
  void write(String text, SendCallback completion) {
    boolean refuse;
    synchronized (this) {
      refuse = failed;
      if (!refuse) {
        queue.add(new Pending(text, completion));
        if (writing) {
          return;
        }
        writing = true;
      }
    }
    if (refuse) {
      completion.failed(new IllegalStateException("socket write failed earlier"));
      return;
    }
    drain();
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
      Step step = new Step(next.completion());
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
    private final SendCallback completion;

    Step(SendCallback completion) {
      this.completion = completion;
    }

    boolean completedInline() {
      return !state.compareAndSet(IN_FLIGHT, CALLER_RETURNED) && state.get() == DONE;
    }

    @Override
    public void succeeded() {
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
