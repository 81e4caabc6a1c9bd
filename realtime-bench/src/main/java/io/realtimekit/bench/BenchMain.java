package io.realtimekit.bench;

import io.realtimekit.bench.run.Runner;

/**
 * {@code java -jar realtime-bench/target/realtime-bench.jar [--help] [options]}: every scenario
 * against realtimekit (the example jar as shipped), the raw baseline and a Node Socket.IO 4.8 peer,
 * all driven in Socket.IO framing ({@code --protocol=native}: realtimekit's native protocol against
 * the baseline, as before), results in {@code realtime-bench/results/latest.json} and {@code
 * latest.md}. Micro-benchmarks: {@code java -cp realtime-bench.jar
 * io.realtimekit.bench.micro.MicroMain}.
 */
public final class BenchMain {
  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    Runner.main(args);
  }
}
