package io.realtimekit.transport;

import java.util.function.LongSupplier;

/**
 * A token bucket: {@code ratePerSecond} tokens a second, at most {@code burst} saved up. Not
 * thread-safe: one per connection, used from its inbound thread.
 */
final class TokenBucket {
  private final double ratePerNano;
  private final double burst;
  private double tokens;
  private long last;
  private final LongSupplier nanoTime;

  /**
   * @param ratePerSecond sustained rate
   * @param burst capacity, and the starting amount
   * @param nanoTime the clock ({@code System::nanoTime} outside tests)
   */
  public TokenBucket(int ratePerSecond, int burst, LongSupplier nanoTime) {
    this.ratePerNano = ratePerSecond / 1e9;
    this.burst = burst;
    this.tokens = burst;
    this.nanoTime = nanoTime;
    this.last = nanoTime.getAsLong();
  }

  /** True when the bucket has refilled to its burst: nothing would be lost by forgetting it. */
  public boolean isFull() {
    long now = nanoTime.getAsLong();
    tokens = Math.min(burst, tokens + (now - last) * ratePerNano);
    last = now;
    return tokens >= burst;
  }

  /** Takes one token if there is one. */
  public boolean tryTake() {
    long now = nanoTime.getAsLong();
    tokens = Math.min(burst, tokens + (now - last) * ratePerNano);
    last = now;
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }
}
