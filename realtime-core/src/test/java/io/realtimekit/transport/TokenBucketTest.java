package io.realtimekit.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The per-connection rate limiter, on a clock the test moves. */
class TokenBucketTest {
  final AtomicLong nanos = new AtomicLong(1_000_000_000L);

  TokenBucket bucket(int ratePerSecond, int burst) {
    return new TokenBucket(ratePerSecond, burst, nanos::get);
  }

  void advance(long amount, TimeUnit unit) {
    nanos.addAndGet(unit.toNanos(amount));
  }

  int drain(TokenBucket bucket) {
    int taken = 0;
    while (bucket.tryTake()) {
      taken++;
      assertThat(taken).as("bucket never runs dry").isLessThan(1_000_000);
    }
    return taken;
  }

  @Test
  void startsFullGivesTheBurstThenRefuses() {
    TokenBucket bucket = bucket(50, 100);

    assertThat(drain(bucket)).isEqualTo(100);
    assertThat(bucket.tryTake()).isFalse();
  }

  @Test
  void refillsAtTheRate() {
    TokenBucket bucket = bucket(50, 100);
    drain(bucket);

    advance(19, TimeUnit.MILLISECONDS);
    assertThat(bucket.tryTake()).as("less than one token after 19 ms at 50/s").isFalse();
    advance(1, TimeUnit.MILLISECONDS);
    assertThat(bucket.tryTake()).as("one token after 20 ms").isTrue();
    assertThat(bucket.tryTake()).isFalse();

    advance(1, TimeUnit.SECONDS);
    assertThat(drain(bucket)).isEqualTo(50);
  }

  @Test
  void fractionsOfATokenAccumulateAcrossCalls() {
    TokenBucket bucket = bucket(50, 100);
    drain(bucket);

    for (int i = 0; i < 3; i++) {
      advance(5, TimeUnit.MILLISECONDS);
      assertThat(bucket.tryTake()).isFalse();
    }
    advance(5, TimeUnit.MILLISECONDS);

    assertThat(bucket.tryTake()).isTrue();
  }

  @Test
  void savesUpNoMoreThanTheBurst() {
    TokenBucket bucket = bucket(50, 100);
    drain(bucket);

    advance(1, TimeUnit.HOURS);

    assertThat(drain(bucket)).isEqualTo(100);
  }

  @Test
  void aSustainedFloodGetsTheRateAndNoMore() {
    TokenBucket bucket = bucket(50, 100);
    drain(bucket);
    int granted = 0;

    for (int ms = 0; ms < 10_000; ms++) {
      advance(1, TimeUnit.MILLISECONDS);
      for (int attempt = 0; attempt < 10; attempt++) {
        if (bucket.tryTake()) {
          granted++;
        }
      }
    }

    assertThat(granted).isBetween(499, 500);
  }
}
