package io.realtimekit.bench.load;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One client WebSocket of a {@link NioLoop}. {@link #send} and {@link #close} may be called from
 * any thread; everything else runs on the loop thread, which owns the channel, the partial input
 * and the frame being written.
 */
final class NioSocket implements Ws {
  static final long HANDSHAKE_TIMEOUT_NANOS = 30_000_000_000L;

  /** How long a closing socket waits for the server's close frame, then for its end of stream. */
  static final long CLOSE_GRACE_NANOS = 1_000_000_000L;

  /** Largest message accepted, whole or assembled from fragments. */
  static final int MAX_MESSAGE = 64 << 20;

  private static final int CONNECTING = 0;
  private static final int HANDSHAKE = 1;
  private static final int OPEN = 2;

  /** Our close frame is queued; the server's has not arrived. */
  private static final int CLOSE_SENT = 3;

  /** Both close frames went; waiting for the server to end the TCP connection. */
  private static final int CLOSED = 4;

  private static final int DEAD = 5;

  private static final VarHandle SCHEDULED;

  static {
    try {
      SCHEDULED = MethodHandles.lookup().findVarHandle(NioSocket.class, "scheduled", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final SocketChannel channel;
  final CompletableFuture<Ws> opened = new CompletableFuture<>();

  /** When {@link NioLoop} calls {@link #onDeadline}; 0 for never. Loop thread. */
  long deadline;

  private final NioLoop loop;
  private final Ws.Handler handler;
  private final ConcurrentLinkedQueue<byte[]> out = new ConcurrentLinkedQueue<>();

  /** 1 while this socket is on its loop's dirty list or flush queue. */
  private volatile int scheduled;

  private volatile int state = CONNECTING;

  // loop thread only
  private final boolean connectedAtOnce;
  private WsHandshake handshake;
  private SelectionKey key;

  /** The frame partly copied to the write buffer, or what a short write left; then {@link #out}. */
  private byte[] head;

  private int headOff;
  private boolean writeBlocked;
  private byte[] closeFrame;
  private boolean closeWritten;

  /** Input not parsed yet (a partial frame or response head); {@code in} grows only as needed. */
  private byte[] in;

  private int inLen;

  /** Frames and fragments of what comes in once the upgrade is done. */
  private final WsReader reader = new WsReader(this);

  private boolean closeReported;

  NioSocket(
      NioLoop loop,
      SocketChannel channel,
      boolean connectedAtOnce,
      WsHandshake handshake,
      Ws.Handler handler) {
    this.loop = loop;
    this.channel = channel;
    this.connectedAtOnce = connectedAtOnce;
    this.handshake = handshake;
    this.handler = handler;
  }

  // ---- any thread

  @Override
  public void send(String text) {
    if (state != OPEN) {
      return; // closing or closed: nothing more goes out
    }
    enqueue(WsFrames.text(text, ThreadLocalRandom.current().nextInt()));
  }

  @Override
  public void close() {
    if (loop.inLoop()) {
      closeInLoop();
    } else {
      loop.execute(this::closeInLoop);
    }
  }

  private void enqueue(byte[] frame) {
    out.offer(frame);
    if (SCHEDULED.compareAndSet(this, 0, 1)) {
      if (loop.inLoop()) {
        loop.markDirty(this);
      } else {
        loop.requestFlush(this);
      }
    }
  }

  // ---- loop thread: life cycle

  void onRegistered(SelectionKey k) {
    this.key = k;
    if (connectedAtOnce) {
      onConnected();
    } else {
      k.interestOps(SelectionKey.OP_CONNECT);
    }
  }

  void onConnectable() {
    try {
      if (!channel.finishConnect()) {
        return;
      }
      onConnected();
    } catch (IOException e) {
      abort(e);
    }
  }

  private void onConnected() {
    state = HANDSHAKE;
    key.interestOps(SelectionKey.OP_READ);
    head = handshake.request;
    headOff = 0;
    flush();
  }

  private void closeInLoop() {
    int s = state;
    if (s == OPEN) {
      state = CLOSE_SENT;
      queueClose(1000);
      loop.setDeadline(this, System.nanoTime() + CLOSE_GRACE_NANOS);
    } else if (s < OPEN) {
      abort(new IOException("closed before the upgrade completed"));
    }
  }

  private void queueClose(int code) {
    closeFrame = WsFrames.close(code, ThreadLocalRandom.current().nextInt());
    enqueue(closeFrame);
  }

  void onDeadline() {
    int s = state;
    if (s < OPEN) {
      abort(
          new IOException("no upgrade within " + HANDSHAKE_TIMEOUT_NANOS / 1_000_000_000L + " s"));
    } else {
      finish(1006); // no close frame, or no end of stream, in time
    }
  }

  /** Closes the channel; reports {@code code} unless a close was reported already. */
  private void finish(int code) {
    if (state == DEAD) {
      return;
    }
    state = DEAD;
    loop.clearDeadline(this);
    closeQuietly();
    reportClose(code);
  }

  /** Fails the upgrade or, once open, reports an abnormal close (1006). */
  void abort(Throwable cause) {
    int s = state;
    if (s == DEAD) {
      return;
    }
    state = DEAD;
    loop.clearDeadline(this);
    closeQuietly();
    if (s < OPEN) {
      opened.completeExceptionally(cause);
    } else {
      reportClose(1006);
    }
  }

  private void closeQuietly() {
    try {
      channel.close();
    } catch (IOException ignored) {
      // closed anyway
    }
    out.clear();
    head = null;
    in = null;
    reader.release();
  }

  private void reportClose(int code) {
    if (!closeReported) {
      closeReported = true;
      try {
        handler.onClose(this, code);
      } catch (RuntimeException e) {
        System.err.println("WebSocket handler failed in onClose: " + e);
      }
    }
  }

  // ---- loop thread: writing

  /**
   * Writes the head and the queued frames through the loop's write buffer until done or blocked.
   */
  void flush() {
    SCHEDULED.setVolatile(this, 0); // a send from now on schedules another flush
    if (writeBlocked || state == CONNECTING || state == DEAD) {
      return;
    }
    ByteBuffer w = loop.writeBuffer;
    try {
      while (true) {
        w.clear();
        fill(w);
        if (w.position() == 0) {
          return;
        }
        w.flip();
        channel.write(w);
        if (w.hasRemaining()) {
          keepUnwritten(w);
          writeBlocked = true;
          key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
          return;
        }
      }
    } catch (IOException e) {
      abort(e);
    }
  }

  private void fill(ByteBuffer w) {
    while (w.hasRemaining()) {
      if (head == null) {
        byte[] f = out.poll();
        if (f == null) {
          return;
        }
        if (closeWritten) {
          continue; // a send that raced with close: nothing follows the close frame
        }
        closeWritten = f == closeFrame;
        head = f;
        headOff = 0;
      }
      int n = Math.min(w.remaining(), head.length - headOff);
      w.put(head, headOff, n);
      headOff += n;
      if (headOff == head.length) {
        head = null;
      }
    }
  }

  /** The socket buffer is full: what the write left, then the rest of the head, become the head. */
  private void keepUnwritten(ByteBuffer w) {
    int left = w.remaining();
    int rest = head == null ? 0 : head.length - headOff;
    byte[] kept = new byte[left + rest];
    w.get(kept, 0, left);
    if (rest > 0) {
      System.arraycopy(head, headOff, kept, left, rest);
    }
    head = kept;
    headOff = 0;
  }

  void onWritable() {
    writeBlocked = false;
    key.interestOps(SelectionKey.OP_READ);
    flush();
  }

  // ---- loop thread: reading

  void onReadable() {
    ByteBuffer rb = loop.readBuffer;
    byte[] ra = loop.readArray;
    // a full buffer means more may be waiting; a few reads at most, then the other sockets' turn
    for (int round = 0; round < 4; round++) {
      rb.clear();
      int n;
      try {
        n = channel.read(rb);
      } catch (IOException e) {
        abort(e);
        return;
      }
      if (n < 0) {
        onEndOfStream();
        return;
      }
      if (n == 0) {
        return;
      }
      consume(ra, n);
      if (state == DEAD || n < rb.capacity()) {
        return;
      }
    }
  }

  private void onEndOfStream() {
    if (state < OPEN) {
      abort(new IOException("connection closed during the upgrade"));
    } else {
      finish(1006); // after a close frame the close is reported already
    }
  }

  private void consume(byte[] ra, int n) {
    if (inLen == 0) {
      int used = process(ra, 0, n);
      if (used < n && state != DEAD) {
        grow(n - used);
        System.arraycopy(ra, used, in, 0, n - used);
        inLen = n - used;
      }
      return;
    }
    grow(inLen + n);
    System.arraycopy(ra, 0, in, inLen, n);
    inLen += n;
    int used = process(in, 0, inLen);
    if (state == DEAD) {
      return;
    }
    inLen -= used;
    if (inLen > 0) {
      System.arraycopy(in, used, in, 0, inLen);
    } else if (in.length > NioLoop.READ_BUFFER) {
      in = null; // a large message went through: do not keep its buffer
    }
  }

  private void grow(int need) {
    int want = Math.max(need, reader.wanted());
    if (in == null || in.length < want) {
      byte[] bigger =
          new byte[Math.max(want, in == null ? 256 : Math.min(2 * in.length, MAX_MESSAGE + 14))];
      if (inLen > 0) {
        System.arraycopy(in, 0, bigger, 0, inLen);
      }
      in = bigger;
    }
  }

  /** Parses {@code a[from, to)}; returns the index of the first byte not consumed. */
  private int process(byte[] a, int from, int to) {
    int p = from;
    if (state == HANDSHAKE) {
      int end = WsHandshake.headEnd(a, from, to);
      if (end < 0) {
        if (to - from > WsHandshake.MAX_HEAD) {
          abort(new IOException("upgrade response head longer than " + WsHandshake.MAX_HEAD));
          return to;
        }
        return from;
      }
      String refused = handshake.check(a, from, end);
      if (refused != null) {
        abort(new IOException(refused));
        return to;
      }
      handshake = null;
      state = OPEN;
      loop.clearDeadline(this);
      opened.complete(this); // the caller's continuations run here, on the loop thread
      p = end;
    }
    return reader.frames(a, p, to);
  }

  /** Whether frames are still read: open, or our close frame sent and the server's not in yet. */
  boolean reading() {
    int s = state;
    return s == OPEN || s == CLOSE_SENT;
  }

  /** A ping came: answered with a pong carrying its payload while open. */
  void onPing(byte[] a, int off, int len) {
    if (state == OPEN) {
      enqueue(WsFrames.frame(WsFrames.PONG, a, off, len, ThreadLocalRandom.current().nextInt()));
    }
  }

  void deliver(String text) {
    try {
      handler.onText(this, text);
    } catch (RuntimeException e) {
      System.err.println("WebSocket handler failed in onText: " + e);
    }
  }

  void onCloseFrame(int code) {
    if (state == OPEN) {
      // the server closes: answer with its code (1005, none, answers with an empty close)
      queueClose(sendable(code) || code == 1005 ? code : 1002);
    }
    state = CLOSED;
    // the server ends the TCP connection after the close handshake; it is given a short grace
    loop.setDeadline(this, System.nanoTime() + CLOSE_GRACE_NANOS);
    reportClose(code);
  }

  /** A code that may appear in a close frame. */
  private static boolean sendable(int code) {
    return (code >= 1000 && code <= 1003)
        || (code >= 1007 && code <= 1014)
        || (code >= 3000 && code <= 4999);
  }

  /** Sends a close frame with {@code code} at once, then closes the channel. */
  void protocolError(int code) {
    if (state == OPEN) {
      queueClose(code);
      flush();
    }
    finish(code);
  }
}
