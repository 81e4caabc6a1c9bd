package io.realtimekit.bench.run;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Command-line options, {@code --name=value}; every one has a small default so that a run of
 * every scenario takes a few minutes. {@code --help} lists them.
 */
final class Options {
  static final String HELP = """
      realtime-bench: realtimekit against a raw Jetty WebSocket baseline, same run, same machine.
        --scenarios=jitter,throughput,latency,memory,connect,fanout   which to run (default: these)
                                  jitter: how late a 0.5 ms sleep wakes up on this machine with no
                                  server running, the floor under any latency figure
                                  crossnode (opt-in): throughput and latency on two cluster nodes on a
                                  redis-server child process, pairs across nodes against same node
                                  bigtenant (opt-in): one big tenant, 5,000 visitors of one company
                                  against 5,000 spread over 100; writes results/bigtenant.json
        --crossnode-order=same-first|cross-first   crossnode: which placement is measured first
        --client=nio|jetty|jdk    load-generator WebSocket client: nio (default; plain java.nio, one
                                  selector thread), jetty (Jetty 12's client), jdk (java.net.http)
        --pairs=100 --inflight=8  throughput: chat pairs, messages in flight per sender
        --warmup=10 --seconds=10  throughput: warm-up (until the JIT has compiled the hot path)
                                  and measured seconds
        --rate-clients=1000 --rate=2 --latency-seconds=15 --latency-warmup=5
                                  latency at a fixed rate: clients, messages/s per client
        --idle=10000 --sources=1  memory: idle authenticated connections, loopback source
                                  addresses 127.0.0.1..n (use 4 or more beyond ~25,000)
        --connects=5000 --connect-concurrency=64 --connect-warmup-rounds=3
                                  connect rate, after warm-up rounds of as many connects
        --fanout=1000 --fanout-rounds=30           fan-out: commercials, notifications
        --server-heap=1g          -Xmx of the server JVMs
        --server-jvm=ARGS         extra server JVM arguments, comma-separated ("\\," for a comma
                                  inside one, e.g. an -agentpath with options)
        --metrics                 realtimekit server with the Micrometer binding on
        --jfr=DIR                 record a JFR profile of every server into DIR
        --out=realtime-bench/results   where latest.json and latest.md are written
      """;

  final List<String> scenarios;
  final String client;
  final int pairs;
  final int inflight;
  final int warmup;
  final int seconds;
  final int rateClients;
  final int rate;
  final int latencySeconds;
  final int latencyWarmup;
  final int idle;
  final int sources;
  final int connects;
  final int connectConcurrency;
  final int connectWarmupRounds;
  final int fanout;
  final int fanoutRounds;
  final String serverHeap;
  final List<String> serverJvmArgs;
  final boolean metrics;
  final String jfrDir;
  final String out;
  final boolean crossNodeFirst;
  final List<String> raw;

  Options(String[] args) {
    Map<String, String> m = new HashMap<>();
    for (String a : args) {
      if (!a.startsWith("--")) {
        throw new IllegalArgumentException("unknown argument " + a + "\n" + HELP);
      }
      int eq = a.indexOf('=');
      m.put(eq < 0 ? a.substring(2) : a.substring(2, eq), eq < 0 ? "true" : a.substring(eq + 1));
    }
    raw = List.of(args);
    scenarios = List.of(m.getOrDefault("scenarios", "jitter,throughput,latency,memory,connect,fanout").split(","));
    client = m.getOrDefault("client", "nio");
    pairs = i(m, "pairs", 100);
    inflight = i(m, "inflight", 8);
    warmup = i(m, "warmup", 10);
    seconds = i(m, "seconds", 10);
    rateClients = i(m, "rate-clients", 1000);
    rate = i(m, "rate", 2);
    latencySeconds = i(m, "latency-seconds", 15);
    latencyWarmup = i(m, "latency-warmup", 5);
    idle = i(m, "idle", 10_000);
    sources = i(m, "sources", 1);
    connects = i(m, "connects", 5000);
    connectConcurrency = i(m, "connect-concurrency", 64);
    connectWarmupRounds = i(m, "connect-warmup-rounds", 3);
    fanout = i(m, "fanout", 1000);
    fanoutRounds = i(m, "fanout-rounds", 30);
    serverHeap = m.getOrDefault("server-heap", "1g");
    String jvm = m.getOrDefault("server-jvm", "");
    serverJvmArgs = new ArrayList<>();
    if (!jvm.isBlank()) {
      for (String arg : jvm.split("(?<!\\\\),")) { // "\\," keeps a comma inside one argument
        serverJvmArgs.add(arg.replace("\\,", ","));
      }
    }
    metrics = m.containsKey("metrics");
    jfrDir = m.get("jfr");
    out = m.getOrDefault("out", "realtime-bench/results");
    crossNodeFirst = m.getOrDefault("crossnode-order", "same-first").equals("cross-first");
    if (m.containsKey("help")) {
      System.out.println(HELP);
      System.exit(0);
    }
  }

  private static int i(Map<String, String> m, String k, int d) {
    return m.containsKey(k) ? Integer.parseInt(m.get(k).replace("_", "")) : d;
  }
}
