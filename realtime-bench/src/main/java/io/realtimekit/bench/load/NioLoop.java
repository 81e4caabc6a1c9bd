package io.realtimekit.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One selector thread and the sockets it owns. Everything a socket does to its channel happens on
 * this thread; other threads hand it work through three queues (new sockets, sockets with frames to
 * write, other tasks) and wake the selector at most once until it next looks at them. Frames sent
 * from this thread, typically from a handler's {@code onText}, only mark the socket dirty: dirty
 * sockets are written once per round, after every ready key was read, so that one write carries all
 * the frames a round produced.
 */
final class NioLoop implements Runnable {
  /** Bytes read per {@code read}; one buffer per loop. */
  static final int READ_BUFFER = 64 * 1024;

  /** Bytes written per {@code write}; one direct buffer per loop. */
  static final int WRITE_BUFFER = 64 * 1024;

  /** How often deadlines are looked at while some socket has one. */
  private static final long TICK_MILLIS = 50;

  final byte[] readArray = new byte[READ_BUFFER];
  final ByteBuffer readBuffer = ByteBuffer.wrap(readArray);
  final ByteBuffer writeBuffer = ByteBuffer.allocateDirect(WRITE_BUFFER);

  private final Selector selector;
  private final Thread thread;
  private final ConcurrentLinkedQueue<NioSocket> registrations = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<NioSocket> flushes = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean wakeupPending = new AtomicBoolean();
  private final List<NioSocket> dirty = new ArrayList<>();
  private final HashSet<NioSocket> timed = new HashSet<>();
  private final List<NioSocket> expired = new ArrayList<>();
  private volatile boolean running = true;
  private long nextTick;

  NioLoop(String name) {
    try {
      this.selector = Selector.open();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open a selector", e);
    }
    this.thread = new Thread(this, name);
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  boolean inLoop() {
    return Thread.currentThread() == thread;
  }

  /** Takes over a socket whose channel is connecting (any thread). */
  void register(NioSocket s) {
    registrations.offer(s);
    if (running) {
      wakeup();
    } else {
      abortRegistrations(); // stopped meanwhile: whoever polls a socket fails it, once
    }
  }

  /** Asks for {@code s}'s queued frames to be written (from another thread). */
  void requestFlush(NioSocket s) {
    flushes.offer(s);
    wakeup();
  }

  /** Marks {@code s} to be written at the end of this round (loop thread). */
  void markDirty(NioSocket s) {
    dirty.add(s);
  }

  /** Runs {@code task} on the loop thread; dropped once the loop has stopped. */
  void execute(Runnable task) {
    tasks.offer(task);
    wakeup();
  }

  /**
   * Calls {@code s.onDeadline()} once {@code System.nanoTime()} passes {@code at} (loop thread).
   */
  void setDeadline(NioSocket s, long at) {
    s.deadline = at;
    timed.add(s);
  }

  void clearDeadline(NioSocket s) {
    if (s.deadline != 0) {
      s.deadline = 0;
      timed.remove(s);
    }
  }

  private void wakeup() {
    if (!wakeupPending.getAndSet(true)) {
      selector.wakeup();
    }
  }

  void stop() {
    running = false;
    selector.wakeup();
  }

  void join(long millis) throws InterruptedException {
    if (!inLoop()) {
      thread.join(millis);
    }
  }

  @Override
  public void run() {
    try {
      while (running) {
        if (registrations.isEmpty() && flushes.isEmpty() && tasks.isEmpty()) {
          selector.select(this::onKey, timed.isEmpty() ? 0 : TICK_MILLIS);
        } else {
          selector.selectNow(this::onKey);
        }
        wakeupPending.set(
            false); // from here on a producer's wakeup makes the next select return at once
        drainQueues();
        flushDirty();
        if (!timed.isEmpty()) {
          tick();
        }
      }
    } catch (IOException | RuntimeException e) {
      System.err.println(thread.getName() + " stopped: " + e);
      running = false;
    } finally {
      for (SelectionKey k : selector.keys().toArray(new SelectionKey[0])) {
        ((NioSocket) k.attachment()).abort(new ClosedChannelException());
      }
      abortRegistrations();
      tasks.clear();
      flushes.clear();
      try {
        selector.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }

  private void onKey(SelectionKey key) {
    NioSocket s = (NioSocket) key.attachment();
    try {
      int ready = key.readyOps();
      if ((ready & SelectionKey.OP_CONNECT) != 0) {
        s.onConnectable();
      }
      if ((ready & SelectionKey.OP_WRITE) != 0 && key.isValid()) {
        s.onWritable();
      }
      if ((ready & SelectionKey.OP_READ) != 0 && key.isValid()) {
        s.onReadable();
      }
    } catch (RuntimeException e) {
      s.abort(e); // one socket's failure (a cancelled key, say) is not the loop's
    }
  }

  private void drainQueues() {
    NioSocket s;
    while ((s = registrations.poll()) != null) {
      try {
        SelectionKey key = s.channel.register(selector, 0, s);
        setDeadline(s, System.nanoTime() + NioSocket.HANDSHAKE_TIMEOUT_NANOS);
        s.onRegistered(key);
      } catch (IOException e) {
        s.abort(e);
      }
    }
    Runnable task;
    while ((task = tasks.poll()) != null) {
      task.run();
    }
    while ((s = flushes.poll()) != null) {
      s.flush();
    }
  }

  private void flushDirty() {
    // a flush can make a handler run (onClose after a failed write), which may mark more sockets
    for (int i = 0; i < dirty.size(); i++) {
      dirty.get(i).flush();
    }
    dirty.clear();
  }

  private void tick() {
    long now = System.nanoTime();
    if (now - nextTick < 0) {
      return;
    }
    nextTick = now + TICK_MILLIS * 1_000_000;
    for (NioSocket s : timed) {
      if (now - s.deadline >= 0) {
        expired.add(s);
      }
    }
    for (NioSocket s : expired) {
      clearDeadline(s);
      s.onDeadline();
    }
    expired.clear();
    flushDirty();
  }

  private void abortRegistrations() {
    NioSocket s;
    while ((s = registrations.poll()) != null) {
      s.abort(new ClosedChannelException());
    }
  }
}
