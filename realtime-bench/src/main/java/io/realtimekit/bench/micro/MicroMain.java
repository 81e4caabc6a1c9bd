package io.realtimekit.bench.micro;

import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Quick JMH run of the micro-benchmarks (1 fork, 3 × 2 s warm-up, 5 × 1 s measured): {@code java
 * -cp realtime-bench/target/realtime-bench.jar io.realtimekit.bench.micro.MicroMain [regex]}. For
 * JMH's own options (longer runs, profilers) use {@code org.openjdk.jmh.Main} as the main class.
 */
public final class MicroMain {
  private MicroMain() {}

  public static void main(String[] args) throws Exception {
    ChainedOptionsBuilder o =
        new OptionsBuilder()
            .include(args.length > 0 ? args[0] : "io.realtimekit.bench.micro.*")
            .forks(1)
            .warmupIterations(3)
            .warmupTime(TimeValue.seconds(2))
            .measurementIterations(5)
            .measurementTime(TimeValue.seconds(1));
    new Runner(o.build()).run();
  }
}
