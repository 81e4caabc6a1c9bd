package io.realtimekit.testkit;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Stalls a client's reading thread on demand, like a consumer that stops reading: once {@link
 * #close()}d, the next frame blocks the thread in {@link #pass()} (up to 60 s) until {@link
 * #open()}.
 */
final class ReadGate {
  private static final long MAX_BLOCK_MS = 60_000;

  private volatile CountDownLatch gate;
  private volatile CountDownLatch blocked;

  /** From the next frame on, the reading thread blocks. */
  void close() {
    blocked = new CountDownLatch(1);
    gate = new CountDownLatch(1);
  }

  /** True when the reading thread blocked within {@code within} after {@link #close()}. */
  boolean awaitBlocked(Duration within) throws InterruptedException {
    CountDownLatch b = blocked;
    return b != null && b.await(within.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Lets the reading thread go on. */
  void open() {
    CountDownLatch g = gate;
    gate = null;
    if (g != null) {
      g.countDown();
    }
  }

  /** Called by the reading thread for each frame: returns at once unless the gate is closed. */
  void pass() {
    CountDownLatch g = gate;
    if (g == null) {
      return;
    }
    CountDownLatch b = blocked;
    if (b != null) {
      b.countDown();
    }
    try {
      g.await(MAX_BLOCK_MS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
