package io.realtimekit.bench.micro;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * Event ids on the chat path: SecureRandom-backed {@code UUID.randomUUID()} against a
 * ThreadLocalRandom v4 UUID.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(2)
public class EventIdBench {
  @Benchmark
  public UUID secureRandomUuid() {
    return UUID.randomUUID();
  }

  @Benchmark
  public UUID threadLocalRandomUuid() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return new UUID(
        (r.nextLong() & ~0xF000L) | 0x4000L,
        (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L);
  }
}
