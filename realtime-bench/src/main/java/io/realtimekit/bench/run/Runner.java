package io.realtimekit.bench.run;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs the scenarios, each on a fresh server process: with {@code --protocol=socketio} (the
 * default) the three-way run of {@link ThreeWay}; with {@code --protocol=native} the baseline
 * first, then realtimekit, both BenchServer JVMs.
 */
public final class Runner {
  private Runner() {}

  interface Scenario {
    Map<String, Double> run(ServerProcess server) throws Exception;
  }

  public static void main(String[] args) throws Exception {
    Options o = new Options(args);
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    // a text secret (64 hex digits), so that the example jar and the Node peer take it from the
    // environment as it is; its ASCII bytes are the HS256 key everywhere
    String secretText = HexFormat.of().formatHex(random);
    byte[] secret = secretText.getBytes(StandardCharsets.US_ASCII);
    Scenarios s = new Scenarios(o, secret);
    if (o.scenarios.equals(List.of(ClusterScenario.NAME))) {
      ClusterScenario.run(o, secretText); // its own files only: latest.json stays as it is
      System.exit(0);
    }
    if (o.scenarios.equals(List.of(Soak.NAME))) {
      // its own files only (soak.json, soak.md); exit status 1 when an acknowledged message was
      // lost or duplicated
      System.exit(SoakReport.run(o, s, secret, secretText) ? 0 : 1);
    }
    // scenarios that start their own servers (native protocol) run as asked whatever the protocol
    boolean standalone =
        o.scenarios.stream()
            .allMatch(
                n ->
                    n.equals(ConversationScenario.NAME)
                        || n.equals(CrossNode.NAME)
                        || n.equals(io.realtimekit.bench.bigtenant.BigTenantScenario.NAME));
    if (o.protocol == Protocol.SOCKETIO && !standalone) {
      ThreeWay.run(o, s, new IdleScenarios(o, s), secretText);
      System.exit(0);
    }
    if (o.scenarios.equals(List.of(RecoveryCost.NAME))) {
      RecoveryCost.run(o, s, secretText); // its own files only: latest.json stays as it is
      System.exit(0);
    }
    IdleScenarios idle = new IdleScenarios(o, s);
    List<Result> results = new ArrayList<>();
    long started = System.nanoTime();
    for (String name : o.scenarios) {
      if (name.equals(CrossNode.NAME)) {
        results.addAll(CrossNode.run(s, secret, o));
        continue;
      }
      if (name.equals(ConversationScenario.NAME)) {
        results.addAll(ConversationScenario.run(s, secret, o));
        continue;
      }
      if (name.equals(RecoveryCost.NAME)) {
        results.addAll(RecoveryCost.run(o, s, secretText));
        continue;
      }
      if (name.equals(io.realtimekit.bench.bigtenant.BigTenantScenario.NAME)) {
        io.realtimekit.bench.bigtenant.BigTenantScenario.run(secret, o.out, o.client, o.jfrDir)
            .forEach(
                (metric, value) -> results.add(Result.of(name, metric, "", value, Double.NaN)));
        continue;
      }
      if (name.equals("jitter")) {
        SchedulingJitter.measure()
            .forEach(
                (metric, value) -> results.add(Result.of(name, metric, "ms", value, Double.NaN)));
        continue;
      }
      Scenario scenario =
          switch (name) {
            case "throughput" -> s::throughput;
            case "latency" -> s::latency;
            case "memory" -> idle::memory;
            case "connect" -> idle::connect;
            case "fanout" -> s::fanout;
            default -> throw new IllegalArgumentException("unknown scenario " + name);
          };
      Map<String, Double> base = measure(name, "baseline", scenario, secret, o);
      Map<String, Double> ours = measure(name, "realtime", scenario, secret, o);
      for (String metric : ours.keySet()) {
        results.add(
            target(
                Result.of(
                    name,
                    metric,
                    unit(metric),
                    ours.get(metric),
                    base.getOrDefault(metric, Double.NaN))));
      }
    }
    String machine = machine(o, (System.nanoTime() - started) / 1e9);
    Path out = Path.of(o.out);
    Files.createDirectories(out);
    Files.writeString(
        out.resolve("latest.json"), Result.json(results, machine, String.join(" ", o.raw)));
    boolean onlyCrossNode = o.scenarios.equals(List.of(CrossNode.NAME));
    String md =
        Result.markdown(
            results,
            machine,
            String.join(" ", o.raw),
            onlyCrossNode ? "cross-node" : "realtimekit",
            onlyCrossNode ? "same-node" : "baseline");
    if (o.scenarios.contains(CrossNode.NAME)) {
      md +=
          "\nScenario crossnode: two realtimekit nodes in cluster mode on one redis-server (all on the same"
              + " cores as the load generator); the value is with the two users of each pair on different nodes,"
              + " the baseline with both on the same node of the same cluster; server CPU is summed over both"
              + " nodes, redis-server's is apart.\n";
    }
    if (o.scenarios.contains(ConversationScenario.NAME)) {
      md +=
          "\nScenario conversation: 50 participants over three realtimekit nodes on one redis-server; the value"
              + " is with recovery on (the builder's default), the baseline with recovery(false).\n";
    }
    Files.writeString(out.resolve("latest.md"), md);
    System.out.println(md);
    System.out.println("written: " + out.resolve("latest.json") + ", " + out.resolve("latest.md"));
    System.exit(0);
  }

  private static Map<String, Double> measure(
      String name, String mode, Scenario scenario, byte[] secret, Options o) throws Exception {
    System.out.printf(Locale.ROOT, "%-10s %-8s ...%n", name, mode);
    try (ServerProcess server = ServerProcess.start(mode, secret, o, name)) {
      Map<String, Double> r = scenario.run(server);
      r.forEach(
          (k, v) -> System.out.printf(Locale.ROOT, "%-10s %-8s %-34s %12.3f%n", name, mode, k, v));
      return r;
    }
  }

  static String unit(String metric) {
    if (metric.equals("messages/s")) {
      return "msg/s";
    }
    if (metric.startsWith("connections/s")) {
      return "conn/s";
    }
    if (metric.contains("CPU per")) {
      return "µs";
    }
    if (metric.contains("cores busy")) {
      return "cores";
    }
    if (metric.contains("per connection")) {
      return "KiB";
    }
    if (metric.startsWith("server RSS")) {
      return "MiB";
    }
    if (metric.contains("% of a core")) {
      return "%";
    }
    if (metric.startsWith("p")
        || metric.startsWith("max")
        || metric.contains("latency")
        || metric.startsWith("time to")) {
      return "ms";
    }
    return "count";
  }

  /** The targets. */
  private static Result target(Result r) {
    return switch (r.scenario() + "/" + r.metric()) {
      case "throughput/messages/s" -> r.ratioTarget(">=", 0.70);
      case "throughput/server CPU per message" -> r.target("<=", 6);
      case "latency/p99" -> r.target("<=", 1);
      case "latency/p99.9" -> r.target("<=", 3);
      case "memory/heap+direct per connection" -> r.target("<=", 8);
      case "connect/connections/s" -> r.target(">=", 5000);
      default -> r;
    };
  }

  static String machine(Options o, double seconds) {
    String cpu = "unknown CPU";
    try {
      cpu =
          Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
              .filter(l -> l.startsWith("model name"))
              .findFirst()
              .map(l -> l.substring(l.indexOf(':') + 1).trim())
              .orElse(cpu);
    } catch (Exception ignored) {
      // not Linux
    }
    return String.format(
        Locale.ROOT,
        "Machine: %d cores (%s), %s %s, Java %s; server and load generator (client: %s) on the same cores; run took %.0f s.",
        Runtime.getRuntime().availableProcessors(),
        cpu,
        System.getProperty("os.name"),
        System.getProperty("os.version"),
        System.getProperty("java.version"),
        o.client,
        seconds);
  }
}
