package io.realtimekit.bench.run;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * How late a thread wakes up from a 0.5 ms sleep on this machine, measured in the load generator
 * before any server starts: the floor under every latency percentile of the run (a message whose
 * sender or receiver is woken late is late by as much, whatever the server does).
 */
final class SchedulingJitter {
  private static final long SLEEP_NANOS = 500_000;
  private static final int SAMPLES = 10_000;

  private SchedulingJitter() {}

  static Map<String, Double> measure() {
    long[] late = new long[SAMPLES];
    for (int i = 0; i < SAMPLES; i++) {
      long t0 = System.nanoTime();
      LockSupport.parkNanos(SLEEP_NANOS);
      late[i] = Math.max(0, System.nanoTime() - t0 - SLEEP_NANOS);
    }
    Arrays.sort(late);
    Map<String, Double> r = new LinkedHashMap<>();
    r.put("wake-up delay p50", late[SAMPLES / 2] / 1e6);
    r.put("wake-up delay p99", late[SAMPLES * 99 / 100] / 1e6);
    r.put("wake-up delay p99.9", late[SAMPLES * 999 / 1000] / 1e6);
    r.put("wake-up delay max", late[SAMPLES - 1] / 1e6);
    System.out.printf("jitter     idle machine: %s%n", r);
    return r;
  }
}
