package io.realtimekit.bench.run;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code crossnode} scenario: a {@code redis-server} child on a free loopback port, two
 * realtimekit BenchServer JVMs in cluster mode on it (nodes {@code a} and {@code b}), and the
 * throughput (closed loop) and fixed-rate latency measurements run twice on that same cluster: with
 * the two users of each pair on the same node (pair i on node i mod 2, the baseline) and on
 * different nodes (visitor of pair i on node i mod 2, its commercial on the other). Server CPU is
 * summed over both JVMs; redis-server's is reported apart. Every process is stopped at the end,
 * also on failure or interrupt.
 */
final class CrossNode {
  static final String NAME = "crossnode";

  private CrossNode() {}

  /** Rows of scenario {@code crossnode}: value = cross-node, baseline = same-node. */
  static List<Result> run(Scenarios s, byte[] secret, Options o) throws Exception {
    Path logs = Path.of(o.out, "logs");
    List<AutoCloseable> started = Collections.synchronizedList(new ArrayList<>());
    Thread hook = new Thread(() -> closeAll(started), "crossnode-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      System.out.printf(
          Locale.ROOT, "%-10s starting redis-server and two cluster nodes ...%n", NAME);
      RedisProcess redis = RedisProcess.start(logs.resolve(NAME + "-redis.log"));
      started.add(redis);
      ServerProcess a =
          ServerProcess.start(
              "realtime", secret, o, NAME + "-a", List.of("--redis=" + redis.uri(), "--node=a"));
      started.add(a);
      ServerProcess b =
          ServerProcess.start(
              "realtime", secret, o, NAME + "-b", List.of("--redis=" + redis.uri(), "--node=b"));
      started.add(b);
      ServerProcess[] nodes = {a, b};
      Scenarios.Target same = target(nodes, redis, false);
      Scenarios.Target cross = target(nodes, redis, true);

      // both JVMs and both paths warmed (JIT, Lettuce, Redis) before anything is measured
      measure("throughput", "warm-up", () -> s.throughput(cross, "w"));
      boolean crossFirst = o.crossNodeFirst;
      Map<String, Double> sameTp = null;
      Map<String, Double> crossTp = null;
      Map<String, Double> sameLat = null;
      Map<String, Double> crossLat = null;
      for (int k = 0; k < 2; k++) {
        if ((k == 0) == crossFirst) {
          crossTp = measure("throughput", "cross-node", () -> s.throughput(cross, "xt"));
        } else {
          sameTp = measure("throughput", "same-node", () -> s.throughput(same, "st"));
        }
      }
      for (int k = 0; k < 2; k++) {
        if ((k == 0) == crossFirst) {
          crossLat = rename(measure("latency", "cross-node", () -> s.latency(cross, "xl")));
        } else {
          sameLat = rename(measure("latency", "same-node", () -> s.latency(same, "sl")));
        }
      }

      List<Result> rows = new ArrayList<>();
      add(rows, crossTp, sameTp);
      add(rows, crossLat, sameLat);
      return rows;
    } finally {
      closeAll(started);
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException ignored) {
        // already shutting down
      }
    }
  }

  /**
   * Same-node: both users of pair i on node i mod 2. Cross-node: visitor on node i mod 2,
   * commercial on the other.
   */
  private static Scenarios.Target target(
      ServerProcess[] nodes, RedisProcess redis, boolean crossNode) {
    return new Scenarios.Target() {
      @Override
      public URI ws(int pair, boolean commercial) {
        int n = pair % 2;
        return nodes[crossNode && commercial ? 1 - n : n].ws();
      }

      @Override
      public long cpuNanos() {
        return nodes[0].cpuNanos() + nodes[1].cpuNanos();
      }

      @Override
      public long storeCpuNanos() {
        return redis.cpuNanos();
      }
    };
  }

  private interface Measurement {
    Map<String, Double> run() throws Exception;
  }

  private static Map<String, Double> measure(String what, String mode, Measurement m)
      throws Exception {
    System.out.printf(Locale.ROOT, "%-10s %-10s %-10s ...%n", NAME, what, mode);
    Map<String, Double> r = m.run();
    r.forEach(
        (k, v) ->
            System.out.printf(
                Locale.ROOT, "%-10s %-10s %-10s %-38s %12.3f%n", NAME, what, mode, k, v));
    return r;
  }

  /** The fixed-rate figures, named apart from the closed-loop ones. */
  private static Map<String, Double> rename(Map<String, Double> latency) {
    Map<String, Double> r = new LinkedHashMap<>();
    latency.forEach(
        (k, v) ->
            r.put(
                switch (k) {
                  case "p50", "p99", "p99.9", "max" -> "latency " + k + " at fixed rate";
                  default -> k + " at fixed rate";
                },
                v));
    return r;
  }

  private static void add(List<Result> rows, Map<String, Double> cross, Map<String, Double> same) {
    for (String metric : cross.keySet()) {
      rows.add(
          Result.of(
              NAME,
              metric,
              Runner.unit(metric),
              cross.get(metric),
              same.getOrDefault(metric, Double.NaN)));
    }
  }

  private static void closeAll(List<AutoCloseable> started) {
    synchronized (started) {
      for (int i = started.size() - 1; i >= 0; i--) {
        try {
          started.get(i).close();
        } catch (Exception e) {
          System.err.println("crossnode: stopping " + started.get(i) + ": " + e);
        }
      }
      started.clear();
    }
  }
}
