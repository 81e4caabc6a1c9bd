package io.realtimekit.bench.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The three-way run ({@code --protocol=socketio}): every scenario on three fresh server processes
 * in turn, driven by the same load generator in Socket.IO framing: the raw Jetty baseline
 * (BenchServer {@code baseline --socketio}, JVM defaults), realtimekit (the example jar as the
 * README runs it: {@link ShippedServers#EXAMPLE_COMMAND}, its defaults, env vars only) and the Node
 * Socket.IO 4.8 peer. A setting changed from the example's defaults for a scenario is named in that
 * scenario's results ({@code settings}).
 */
final class ThreeWay {
  /** The closed loop's senders go far beyond the default 50 events/s (burst 100) per connection. */
  static final Map<String, String> CLOSED_LOOP_ENV =
      Map.of("REALTIME_EVENTS_PER_SECOND", "1000000", "REALTIME_EVENT_BURST", "1000000");

  private ThreeWay() {}

  static void run(Options o, Scenarios s, IdleScenarios idle, String secret) throws Exception {
    if (o.scenarios.equals(List.of(RecoveryCost.NAME))) {
      RecoveryCost.run(o, s, secret); // its own files only: latest.json stays the three-way run's
      return;
    }
    List<Result> results = new ArrayList<>();
    long started = System.nanoTime();
    String loadBefore = loadAverage();
    for (String name : o.scenarios) {
      if (name.equals("jitter")) {
        SchedulingJitter.measure()
            .forEach(
                (metric, value) -> results.add(Result.of(name, metric, "ms", value, Double.NaN)));
        continue;
      }
      if (name.equals(RecoveryCost.NAME)) {
        results.addAll(RecoveryCost.run(o, s, secret));
        continue;
      }
      Runner.Scenario scenario =
          switch (name) {
            case "throughput" -> s::throughput;
            case "latency" -> s::latency;
            case "memory" -> idle::memoryRss;
            case "connect" -> idle::connect;
            case "livechat" -> idle::liveChat;
            default ->
                throw new IllegalArgumentException(
                    "unknown scenario " + name + " for --protocol=socketio");
          };
      Map<String, String> env = name.equals("throughput") ? CLOSED_LOOP_ENV : Map.of();
      String jvm =
          o.exampleJvmDefaults
              ? "no JVM option (--example-jvm-defaults)"
              : "the README's JVM options " + String.join(" ", ShippedServers.EXAMPLE_JVM_OPTIONS);
      String settings =
          env.isEmpty()
              ? "realtimekit: the example jar as shipped (" + jvm + ", default settings)"
              : "realtimekit: the example jar with REALTIME_EVENTS_PER_SECOND=1000000 REALTIME_EVENT_BURST=1000000"
                  + " (the default rate limit, 50 events/s and a burst of 100 per connection, closes every"
                  + " closed-loop client with 4429); "
                  + jvm;
      Map<String, Double> base =
          measure(
              o,
              name,
              "baseline",
              scenario,
              () ->
                  ServerProcess.start(
                      "baseline",
                      secret.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                      o,
                      name,
                      List.of("--socketio")));
      Map<String, Double> ours =
          measure(
              o, name, "realtime", scenario, () -> ShippedServers.example(secret, o, name, env));
      Map<String, Double> peer =
          measure(o, name, "socketio", scenario, () -> ShippedServers.peer(secret, o, name));
      Map<String, Double> first = !ours.isEmpty() ? ours : !base.isEmpty() ? base : peer;
      for (String metric : first.keySet()) {
        results.add(
            target(
                Result.of(
                    name,
                    metric,
                    Runner.unit(metric),
                    ours.getOrDefault(metric, Double.NaN),
                    base.getOrDefault(metric, Double.NaN),
                    peer.getOrDefault(metric, Double.NaN),
                    settings)));
      }
    }
    String loadAfter = loadAverage();
    String machine =
        Runner.machine(o, (System.nanoTime() - started) / 1e9)
            + " Load average (1, 5, 15 min) before the run: "
            + loadBefore
            + "; after: "
            + loadAfter
            + " (other processes on the machine share the 2 cores).";
    Path out = Path.of(o.out);
    Files.createDirectories(out);
    String args = String.join(" ", o.raw);
    Files.writeString(out.resolve("latest.json"), Result.json(results, machine, args));
    String md = Result.markdownThreeWay(results, machine, args);
    Files.writeString(out.resolve("latest.md"), md);
    System.out.println(md);
    System.out.println("written: " + out.resolve("latest.json") + ", " + out.resolve("latest.md"));
  }

  private interface Starter {
    ServerProcess start() throws Exception;
  }

  private static Map<String, Double> measure(
      Options o, String name, String mode, Runner.Scenario scenario, Starter starter)
      throws Exception {
    if (!o.servers.contains(mode)) {
      return Map.of(); // --servers left it out
    }
    System.out.printf(Locale.ROOT, "%-10s %-8s ...%n", name, mode);
    try (ServerProcess server = starter.start()) {
      Map<String, Double> r = new LinkedHashMap<>(scenario.run(server));
      r.forEach(
          (k, v) -> System.out.printf(Locale.ROOT, "%-10s %-8s %-34s %12.3f%n", name, mode, k, v));
      return r;
    }
  }

  /** Issue 12's goals, on the ratio to the Socket.IO peer. */
  private static Result target(Result r) {
    String metric = r.metric();
    return switch (r.scenario()) {
      case "memory" -> metric.startsWith("RSS per connection") ? r.peerRatioTarget("<=", 0.5) : r;
      case "throughput", "latency" ->
          switch (metric) {
            case "server CPU per message" -> r.peerRatioTarget("<=", 0.5);
            case "p99", "p99.9" -> r.peerRatioTarget("<=", 1);
            default -> r;
          };
      case "connect" -> metric.equals("connections/s") ? r.peerRatioTarget(">=", 2) : r;
      default -> r;
    };
  }

  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return f[0] + ", " + f[1] + ", " + f[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
