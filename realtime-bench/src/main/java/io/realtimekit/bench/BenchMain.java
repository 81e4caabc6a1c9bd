package io.realtimekit.bench;

import io.realtimekit.bench.run.Runner;

/**
 * {@code java -jar realtime-bench/target/realtime-bench.jar [--help] [options]}: every scenario
 * against realtimekit and the raw baseline, results in {@code realtime-bench/results/latest.json}
 * and {@code latest.md}. Micro-benchmarks: {@code java -cp realtime-bench.jar
 * io.realtimekit.bench.micro.MicroMain}.
 */
public final class BenchMain {
  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    Runner.main(args);
  }
}
