package io.realtimekit.bench.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What message continuity costs the chat hot path (issue 11, "Cost"): the closed loop ({@link
 * Scenarios#throughput}) against the example jar with {@code REALTIME_RECOVERY=off} and with it
 * {@code on} (the default), in the same run: a fresh server process each, the same warm-up and
 * measured seconds, the raised rate limit of the three-way closed loop ({@link
 * ThreeWay#CLOSED_LOOP_ENV}), no JVM option unless {@code --server-jvm} gives one. With {@code
 * --recovery-rounds=N} the pair is measured N times, the order alternating (off then on, on then
 * off, ...) so that neither mode is always the first on a machine whose load drifts; the figures
 * are the means over the rounds, each round's are listed too.
 *
 * <p>In the results, {@code value} is recovery on, {@code baseline} recovery off and {@code ratio}
 * on / off; the goal is messages/s on ≥ 0.85 × off. Written to {@code recovery-cost.json} and
 * {@code recovery-cost.md} in {@code --out}.
 */
final class RecoveryCost {
  static final String NAME = "recoverycost";

  /** Issue 11: within 15% of the throughput without recovery. */
  static final double GOAL = 0.85;

  private RecoveryCost() {}

  /** Measures, writes the two files, returns the results (means first, then each round's). */
  static List<Result> run(Options o, Scenarios s, String secret) throws Exception {
    long started = System.nanoTime();
    String loadBefore = ThreeWay.loadAverage();
    List<Map<String, Double>> on = new ArrayList<>();
    List<Map<String, Double>> off = new ArrayList<>();
    List<String> orders = new ArrayList<>();
    for (int round = 0; round < o.recoveryRounds; round++) {
      boolean offFirst = round % 2 == 0;
      orders.add(offFirst ? "off, on" : "on, off");
      for (boolean recovery :
          offFirst ? new boolean[] {false, true} : new boolean[] {true, false}) {
        (recovery ? on : off).add(measure(o, s, secret, recovery, round));
      }
    }
    String settings =
        String.format(
            Locale.ROOT,
            "value: REALTIME_RECOVERY=on (the default), baseline: REALTIME_RECOVERY=off, ratio: on / off; both the"
                + " example jar with REALTIME_EVENTS_PER_SECOND=1000000 REALTIME_EVENT_BURST=1000000, %s, a fresh"
                + " process each, %s protocol, %d pairs x %d in flight, %d s warm-up, %d s measured; %d round(s),"
                + " order by round: %s; figures are means over the rounds",
            o.serverJvmArgs.isEmpty()
                ? "no JVM option"
                : "JVM options " + String.join(" ", o.serverJvmArgs),
            o.protocol.name().toLowerCase(Locale.ROOT),
            o.pairs,
            o.inflight,
            o.warmup,
            o.seconds,
            o.recoveryRounds,
            String.join("; ", orders));
    List<Result> results = new ArrayList<>();
    Map<String, Double> meanOn = mean(on);
    Map<String, Double> meanOff = mean(off);
    for (String metric : meanOn.keySet()) {
      Result r =
          Result.of(
              NAME,
              metric,
              Runner.unit(metric),
              meanOn.get(metric),
              meanOff.getOrDefault(metric, Double.NaN),
              Double.NaN,
              settings);
      results.add(metric.equals("messages/s") ? r.ratioTarget(">=", GOAL) : r);
    }
    if (o.recoveryRounds > 1) {
      for (int round = 0; round < o.recoveryRounds; round++) {
        Map<String, Double> a = on.get(round);
        Map<String, Double> b = off.get(round);
        for (String metric : a.keySet()) {
          results.add(
              Result.of(
                  NAME + " round " + (round + 1),
                  metric,
                  Runner.unit(metric),
                  a.get(metric),
                  b.getOrDefault(metric, Double.NaN),
                  Double.NaN,
                  settings));
        }
      }
    }
    String machine =
        Runner.machine(o, (System.nanoTime() - started) / 1e9)
            + " Load average (1, 5, 15 min) before: "
            + loadBefore
            + "; after: "
            + ThreeWay.loadAverage()
            + " (other processes on the machine share the cores).";
    String args = String.join(" ", o.raw);
    Path out = Path.of(o.out);
    Files.createDirectories(out);
    Files.writeString(out.resolve("recovery-cost.json"), Result.json(results, machine, args));
    String md =
        Result.markdown(results, machine, args, "recovery on", "recovery off")
            + "\nSettings: "
            + settings
            + ".\n";
    Files.writeString(out.resolve("recovery-cost.md"), md);
    System.out.println(md);
    System.out.println(
        "written: " + out.resolve("recovery-cost.json") + ", " + out.resolve("recovery-cost.md"));
    return results;
  }

  private static Map<String, Double> measure(
      Options o, Scenarios s, String secret, boolean recovery, int round) throws Exception {
    String mode = recovery ? "on" : "off";
    Map<String, String> env = new HashMap<>(ThreeWay.CLOSED_LOOP_ENV);
    env.put("REALTIME_RECOVERY", mode);
    System.out.printf(Locale.ROOT, "%s round %d, recovery %s ...%n", NAME, round + 1, mode);
    try (ServerProcess server = start(o, secret, NAME + "-" + (round + 1) + "-" + mode, env)) {
      Map<String, Double> r = s.throughput(server);
      r.forEach(
          (k, v) ->
              System.out.printf(
                  Locale.ROOT,
                  "%s round %d, recovery %-3s %-50s %12.3f%n",
                  NAME,
                  round + 1,
                  mode,
                  k,
                  v));
      return r;
    }
  }

  /**
   * The example jar, started again (at most twice more) when it exits at start-up: on a shared
   * machine another process may take the free port between its choice and the server's bind.
   */
  private static ServerProcess start(
      Options o, String secret, String label, Map<String, String> env) throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        return ShippedServers.example(secret, o, label, env);
      } catch (java.io.IOException e) {
        if (attempt == 3 || !String.valueOf(e.getMessage()).contains("exited")) {
          throw e;
        }
        System.out.printf(Locale.ROOT, "%s: %s; starting it again%n", label, e.getMessage());
      }
    }
  }

  /** The mean of each metric over {@code rounds} (every round has the same metrics). */
  static Map<String, Double> mean(List<Map<String, Double>> rounds) {
    Map<String, Double> sum = new LinkedHashMap<>();
    for (Map<String, Double> r : rounds) {
      r.forEach((k, v) -> sum.merge(k, v, Double::sum));
    }
    sum.replaceAll((k, v) -> v / rounds.size());
    return sum;
  }
}
