package io.realtimekit.bench.run;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Command-line options, {@code --name=value}; every one has a small default so that a run of every
 * scenario takes a few minutes. {@code --help} lists them.
 */
final class Options {
  static final String HELP =
      """
      realtime-bench: realtimekit, a raw Jetty WebSocket baseline and (Socket.IO protocol) a plain
      Socket.IO 4.8 server on Node, same run, same machine, same load generator.
        --protocol=socketio|native   socketio (default): the three-way run in Socket.IO v5 / Engine.IO
                                  v4 framing: realtimekit is the example jar as the README runs it
                                  (its JVM options, its defaults), the baseline is Socket.IO-framed, the
                                  peer is realtime-bench/socketio-peer on Node.
                                  native: realtimekit's native protocol against the baseline only, on
                                  BenchServer JVMs (-Xmx of --server-heap, G1), as before
        --servers=baseline,realtime,socketio   socketio: which of the three servers to run (all
                                  by default; fewer to compare settings of one, e.g. --server-jvm)
        --scenarios=...           socketio default: jitter,throughput,latency,memory,connect,livechat
                                  native default: jitter,throughput,latency,memory,connect,fanout
                                  jitter: how late a 0.5 ms sleep wakes up on this machine with no
                                  server running, the floor under any latency figure
                                  crossnode (opt-in): throughput and latency on two cluster nodes on a
                                  redis-server child process, pairs across nodes against same node
                                  bigtenant (opt-in): one big tenant, 5,000 visitors of one company
                                  against 5,000 spread over 100; writes results/bigtenant.json
                                  conversation (opt-in): a conversation of 50 participants over 3
                                  cluster nodes on a redis-server child, 10 senders x 5 msg/s
                                  (warm-up and measured seconds: --latency-warmup, --latency-seconds),
                                  recovery on then off; writes conversation.json into --out
                                  recoverycost (opt-in): the closed loop against the example jar
                                  with REALTIME_RECOVERY=off, then on (fresh server each, rate
                                  limit raised); writes results/recovery-cost.json and .md (alone,
                                  it leaves latest.json as it is; --protocol=native: at /realtime)
                                  soak (opt-in, alone): two example-jar nodes in cluster mode on a
                                  redis-server child, users on both protocols chatting across them
                                  with acks, reconnect churn with recovery, node b SIGKILLed and
                                  restarted at 40 %, redis-server stopped (SIGSTOP) at 70 %;
                                  heap after GC, RSS, threads, fds, connections sampled every 10 s;
                                  writes soak.json and soak.md into --out
        --duration=1800           soak: seconds of traffic
        --soak-users=150 --soak-rate=40 --soak-churn-ms=1000 --soak-outage=20
                                  soak: users (2/3 commercials sending, 1/3 visitors; half native,
                                  half Socket.IO), messages/s in all (1 in 10 a typing indicator),
                                  one user dropped and reconnected every N ms, outage seconds
        --soak-nodes=example|bench   soak: the example jar (default) or BenchServer JVMs
        --recovery-rounds=1       recoverycost: pairs of measurements, the order alternating
        --crossnode-order=same-first|cross-first   crossnode: which placement is measured first
        --client=nio|jetty|jdk    load-generator WebSocket client: nio (default; plain java.nio, one
                                  selector thread), jetty (Jetty 12's client), jdk (java.net.http)
        --pairs=100 --inflight=8  throughput: chat pairs, messages in flight per sender
        --warmup=10 --seconds=10  throughput: warm-up (until the JIT has compiled the hot path)
                                  and measured seconds (socketio: 15 and 20)
        --rate-clients=1000 --rate=2 --latency-seconds=15 --latency-warmup=5
                                  latency at a fixed rate: clients, messages/s per client,
                                  measured and warm-up seconds (socketio: 20 and 15; also livechat)
        --idle=10000,18000 --sources=1   memory: idle authenticated connections held (socketio:
                                  each count in turn on one server; native: the first), loopback
                                  source addresses 127.0.0.1..n (use 4 or more beyond ~25,000)
        --live-idle=10000 --live-clients=1000   livechat: idle visitors plus active clients at --rate
        --connects=5000 --connect-concurrency=64 --connect-warmup-rounds=3
                                  connect rate, after warm-up rounds of as many connects
        --fanout=1000 --fanout-rounds=30           fan-out: commercials, notifications
        cluster (opt-in): --cluster-nodes example-jar nodes in cluster mode on a redis-server child,
                                  --cluster-connections authenticated idle connections over them from
                                  load-generator JVMs (at most --cluster-per-generator sockets each,
                                  each bound to its own 127.0.0.2, .3, ...), then --cluster-chatters of
                                  them (pairs across nodes) chatting at --cluster-rate msg/s each for
                                  --cluster-warmup + --cluster-seconds; writes cluster.json and .md
        --cluster-connections=100000 --cluster-nodes=5 --cluster-chatters=2000 --cluster-rate=2
        --cluster-warmup=10 --cluster-seconds=60 --cluster-per-generator=18000 --cluster-window=32
                                  (window: handshakes in flight per load generator)
        --cluster-server=example|bench   cluster: the example jar (default, -XX:+UseSerialGC and
                                  -Xmx by the README's rule) or BenchServer nodes (tests)
        --server-heap=1g          -Xmx of the server JVMs
        --server-jvm=ARGS         extra server JVM arguments, comma-separated ("\\," for a comma
                                  inside one, e.g. an -agentpath with options)
        --metrics                 realtimekit server with the Micrometer binding on
        --jfr=DIR                 record a JFR profile of every server into DIR
        --out=realtime-bench/results   where latest.json and latest.md are written
        --example-jar=examples/target/realtime-example.jar   socketio: realtimekit's server
        --example-jvm-defaults    socketio: start the example jar without the JVM options of the
                                  README's command (the JVM's own defaults), to compare
        --peer-dir=realtime-bench/socketio-peer               socketio: the Node peer (npm ci if needed)
      """;

  final Protocol protocol;
  final List<String> scenarios;
  final List<String> servers;
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
  final List<Integer> idlePoints;
  final int liveIdle;
  final int liveClients;
  final String exampleJar;
  final boolean exampleJvmDefaults;
  final String peerDir;
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
  final int recoveryRounds;
  final int clusterConnections;
  final int clusterNodes;
  final int clusterChatters;
  final int clusterRate;
  final int clusterWarmup;
  final int clusterSeconds;
  final int clusterPerGenerator;
  final int clusterWindow;
  final String clusterServer;
  final int soakSeconds;
  final int soakUsers;
  final double soakRate;
  final int soakChurnMillis;
  final int soakOutageSeconds;
  final boolean soakBenchNodes;
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
    protocol = Protocol.of(m.getOrDefault("protocol", "socketio"));
    scenarios =
        List.of(
            m.getOrDefault(
                    "scenarios",
                    protocol == Protocol.SOCKETIO
                        ? "jitter,throughput,latency,memory,connect,livechat"
                        : "jitter,throughput,latency,memory,connect,fanout")
                .split(","));
    servers = List.of(m.getOrDefault("servers", "baseline,realtime,socketio").split(","));
    client = m.getOrDefault("client", "nio");
    pairs = i(m, "pairs", 100);
    inflight = i(m, "inflight", 8);
    // the three-way run warms up and measures as issue 12 did (15 s, 20 s): three servers, two of
    // them JVMs compiling their hot path on a shared machine
    boolean threeWay = protocol == Protocol.SOCKETIO;
    warmup = i(m, "warmup", threeWay ? 15 : 10);
    seconds = i(m, "seconds", threeWay ? 20 : 10);
    rateClients = i(m, "rate-clients", 1000);
    rate = i(m, "rate", 2);
    latencySeconds = i(m, "latency-seconds", threeWay ? 20 : 15);
    latencyWarmup = i(m, "latency-warmup", threeWay ? 15 : 5);
    idlePoints = new ArrayList<>();
    for (String n :
        m.getOrDefault("idle", protocol == Protocol.SOCKETIO ? "10000,18000" : "10000")
            .split(",")) {
      idlePoints.add(Integer.parseInt(n.trim().replace("_", "")));
    }
    idle = idlePoints.get(0);
    liveIdle = i(m, "live-idle", 10_000);
    liveClients = i(m, "live-clients", 1000);
    exampleJar = m.getOrDefault("example-jar", "examples/target/realtime-example.jar");
    exampleJvmDefaults = m.containsKey("example-jvm-defaults");
    peerDir = m.getOrDefault("peer-dir", "realtime-bench/socketio-peer");
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
    recoveryRounds = i(m, "recovery-rounds", 1);
    if (recoveryRounds < 1) {
      throw new IllegalArgumentException(
          "--recovery-rounds must be at least 1, not " + recoveryRounds);
    }
    clusterConnections = i(m, "cluster-connections", 100_000);
    clusterNodes = i(m, "cluster-nodes", 5);
    clusterChatters = i(m, "cluster-chatters", 2000);
    clusterRate = i(m, "cluster-rate", 2);
    clusterWarmup = i(m, "cluster-warmup", 10);
    clusterSeconds = i(m, "cluster-seconds", 60);
    clusterPerGenerator = i(m, "cluster-per-generator", 18_000);
    clusterWindow = i(m, "cluster-window", 32);
    clusterServer = m.getOrDefault("cluster-server", "example");
    if (clusterNodes < 2 || clusterChatters % 2 != 0 || clusterChatters > clusterConnections) {
      throw new IllegalArgumentException(
          "--cluster-nodes must be at least 2 and --cluster-chatters even and at most"
              + " --cluster-connections");
    }
    soakSeconds = i(m, "duration", 1800);
    soakUsers = i(m, "soak-users", 150);
    soakRate = Double.parseDouble(m.getOrDefault("soak-rate", "40"));
    soakChurnMillis = i(m, "soak-churn-ms", 1000);
    soakOutageSeconds = i(m, "soak-outage", 20);
    soakBenchNodes = m.getOrDefault("soak-nodes", "example").equals("bench");
    if (m.containsKey("help")) {
      System.out.println(HELP);
      System.exit(0);
    }
  }

  private static int i(Map<String, String> m, String k, int d) {
    return m.containsKey(k) ? Integer.parseInt(m.get(k).replace("_", "")) : d;
  }
}
