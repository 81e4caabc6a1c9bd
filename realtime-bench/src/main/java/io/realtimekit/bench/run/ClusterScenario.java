package io.realtimekit.bench.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * The {@code cluster} scenario (issue 15): a {@code redis-server} child, {@code --cluster-nodes}
 * realtimekit nodes in cluster mode on it (the example jar with {@code -XX:+UseSerialGC} and the
 * README's heap rule, 10 KiB a connection plus 100 MiB; {@code --cluster-server=bench}: BenchServer
 * nodes), {@code --cluster-connections} authenticated idle connections spread evenly over the nodes
 * by load-generator child JVMs ({@link ClusterAgent}, at most {@code --cluster-per-generator}
 * sockets each, each bound to its own loopback source address 127.0.0.2, 127.0.0.3, ...), then
 * {@code --cluster-chatters} of those connections (visitor and commercial of a pair always on two
 * different nodes) chatting at {@code --cluster-rate} messages a second each. Reports connects/s,
 * RSS and heap after GC per connection per node, Redis memory and CPU, cross-node latency, and
 * acknowledged against received. Every process is stopped at the end, also on failure.
 */
final class ClusterScenario {
  static final String NAME = "cluster";

  private static final double MIB = 1024.0 * 1024.0;

  private ClusterScenario() {}

  /** The README's heap rule for the example: about 10 KiB a connection plus 100 MiB. */
  static int heapMib(int connections) {
    return (int) Math.ceil(connections * 10 / 1024.0) + 100;
  }

  /** Runs it and writes {@code cluster.json} and {@code cluster.md} into {@code --out}. */
  static void run(Options o, String secretText) throws Exception {
    long started = System.nanoTime();
    List<Result> rows = measure(o, secretText);
    String machine = Runner.machine(o, (System.nanoTime() - started) / 1e9);
    Path out = Path.of(o.out);
    Files.createDirectories(out);
    Files.writeString(
        out.resolve("cluster.json"), Result.json(rows, machine, String.join(" ", o.raw)));
    String md = markdown(rows, machine, String.join(" ", o.raw));
    Files.writeString(out.resolve("cluster.md"), md);
    System.out.println(md);
    System.out.println(
        "written: " + out.resolve("cluster.json") + ", " + out.resolve("cluster.md"));
  }

  /** The figures, as rows of scenario {@code cluster} (no baseline). */
  static List<Result> measure(Options o, String secretText) throws Exception {
    Path logs = Path.of(o.out, "logs");
    List<AutoCloseable> started = Collections.synchronizedList(new ArrayList<>());
    Thread hook = new Thread(() -> closeAll(started), "cluster-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return measure(o, secretText, logs, started);
    } finally {
      closeAll(started);
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException ignored) {
        // already shutting down
      }
    }
  }

  private static List<Result> measure(
      Options o, String secretText, Path logs, List<AutoCloseable> started) throws Exception {
    int n = o.clusterNodes;
    int total = o.clusterConnections;
    int generators = (total + o.clusterPerGenerator - 1) / o.clusterPerGenerator;
    int perNode = (total + n - 1) / n;
    int heap = heapMib(perNode);
    List<Result> rows = new ArrayList<>();
    double load0 = Proc.loadAverage();
    say("starting redis-server, %d nodes (-Xmx%dm each), %d load generators", n, heap, generators);
    RedisProcess redis = RedisProcess.start(logs.resolve(NAME + "-redis.log"));
    started.add(redis);
    // one after the other: JVMs starting together on a loaded machine miss Lettuce's 2 s connect
    ServerProcess[] nodes = new ServerProcess[n];
    for (int i = 0; i < n; i++) {
      nodes[i] = startNode(o, secretText, redis, i + 1, heap);
      started.add(nodes[i]);
    }
    checkOpenFileLimit(nodes[0], perNode);
    String hex = HexFormat.of().formatHex(secretText.getBytes(StandardCharsets.US_ASCII));
    List<CompletableFuture<AgentProcess>> agentsStarting = new ArrayList<>();
    for (int a = 0; a < generators; a++) {
      String source = "127.0.0." + (2 + a);
      agentsStarting.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return AgentProcess.start(
                      source, hex, logs.resolve(NAME + "-agent-" + source + ".log"));
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              }));
    }
    List<AgentProcess> agents = new ArrayList<>();
    RuntimeException failure = null;
    for (CompletableFuture<AgentProcess> f : agentsStarting) {
      try {
        agents.add(f.join());
        started.add(agents.get(agents.size() - 1));
      } catch (RuntimeException e) {
        failure = e; // the others are still waited for, so that each is stopped at the end
      }
    }
    if (failure != null) {
      throw failure;
    }

    // before any connection: what each node holds at rest
    long[] rss0 = new long[n];
    long[] heap0 = new long[n];
    for (int i = 0; i < n; i++) {
      rss0[i] = nodes[i].rssBytes();
      heap0[i] = nodes[i].heapAfterGcBytes();
    }
    Map<String, String> mem0 = redis.info("memory");

    // connect phase: every generator at once, each with its window of handshakes in flight
    String uris = Stream.of(nodes).map(s -> s.ws().toString()).collect(Collectors.joining(","));
    int pairs = o.clusterChatters / 2;
    long first = 0;
    for (int a = 0; a < generators; a++) {
      int mine = total / generators + (a < total % generators ? 1 : 0);
      int myPairs = Math.min(mine / 2, pairs / generators + (a < pairs % generators ? 1 : 0));
      agents
          .get(a)
          .send(
              String.format(
                  Locale.ROOT,
                  "CONNECT prefix=g%d- pairs=%d idle=%d first=%d window=%d nodes=%s",
                  a,
                  myPairs,
                  mine - 2 * myPairs,
                  first,
                  o.clusterWindow,
                  uris));
      first += mine;
    }
    say("connecting %,d over %d nodes ...", total, n);
    long cpu0 = cpu(nodes);
    double redisCpu0 = redisCpu(redis);
    long t0 = System.nanoTime();
    long ok = 0;
    long failed = 0;
    long chatters = 0;
    long[] onNode = new long[n];
    Duration connectTimeout = Duration.ofSeconds(Math.max(600, total / 20));
    for (AgentProcess agent : agents) {
      Map<String, String> f = AgentProcess.fields(agent.await(connectTimeout));
      ok += Long.parseLong(f.get("ok"));
      failed += Long.parseLong(f.get("failed"));
      chatters += Long.parseLong(f.get("chatters"));
      String[] counts = f.get("perNode").split(",");
      for (int i = 0; i < n; i++) {
        onNode[i] += Long.parseLong(counts[i]);
      }
    }
    double connectSeconds = (System.nanoTime() - t0) / 1e9;
    long cpu1 = cpu(nodes);
    double redisCpu1 = redisCpu(redis);
    double load1 = Proc.loadAverage();
    say("%,d connected, %,d failed in %.1f s", ok, failed, connectSeconds);
    add(rows, "nodes", "count", n);
    add(rows, "load generators", "count", generators);
    add(rows, "connections asked", "count", total);
    add(rows, "connections made", "count", ok);
    add(rows, "connections failed", "count", failed);
    add(rows, "connections/s", "conn/s", ok / connectSeconds);
    add(rows, "node CPU per connect, summed over nodes", "µs", (cpu1 - cpu0) / 1000.0 / ok);
    add(rows, "redis-server CPU per connect", "µs", (redisCpu1 - redisCpu0) * 1e6 / ok);

    // memory with every connection held, after a few quiet seconds
    Thread.sleep(5000);
    double rssSum = 0;
    double heapSum = 0;
    long[] rss1 = new long[n];
    for (int i = 0; i < n; i++) {
      rss1[i] = nodes[i].rssBytes();
    }
    for (int i = 0; i < n; i++) {
      long heap1 = nodes[i].heapAfterGcBytes(); // after every RSS: its full GC may shrink RSS
      String node = "node n" + (i + 1) + " ";
      double rssPer = (rss1[i] - rss0[i]) / 1024.0 / Math.max(1, onNode[i]);
      double heapPer = (heap1 - heap0[i]) / 1024.0 / Math.max(1, onNode[i]);
      rssSum += rssPer;
      heapSum += heapPer;
      add(rows, node + "connections", "count", onNode[i]);
      add(rows, node + "RSS per connection", "KiB", rssPer);
      add(rows, node + "heap after GC per connection", "KiB", heapPer);
      add(rows, node + "RSS", "MiB", rss1[i] / MIB);
      add(rows, node + "heap after GC", "MiB", heap1 / MIB);
    }
    add(rows, "node heap limit (-Xmx)", "MiB", o.clusterServer.equals("bench") ? Double.NaN : heap);
    add(rows, "RSS per connection, mean of nodes", "KiB", rssSum / n);
    add(rows, "heap after GC per connection, mean of nodes", "KiB", heapSum / n);
    Map<String, String> mem1 = redis.info("memory");
    long used0 = Long.parseLong(mem0.get("used_memory"));
    long used1 = Long.parseLong(mem1.get("used_memory"));
    add(rows, "redis used_memory with every connection", "MiB", used1 / MIB);
    add(
        rows,
        "redis used_memory_rss with every connection",
        "MiB",
        num(mem1, "used_memory_rss") / MIB);
    add(rows, "redis used_memory per connection", "bytes", (used1 - used0) / (double) ok);

    // chat phase: pairs across nodes at the fixed rate
    say(
        "%,d chatters at %d msg/s for %d + %d s ...",
        chatters, o.clusterRate, o.clusterWarmup, o.clusterSeconds);
    long cpu2 = cpu(nodes);
    double redisCpu2 = redisCpu(redis);
    long tc0 = System.nanoTime();
    for (AgentProcess agent : agents) {
      agent.send(
          String.format(
              Locale.ROOT,
              "CHAT warmup=%d seconds=%d rate=%d",
              o.clusterWarmup,
              o.clusterSeconds,
              o.clusterRate));
    }
    long sent = 0;
    long acked = 0;
    long refused = 0;
    long received = 0;
    Histogram latency = new Histogram(3);
    Duration chatTimeout = Duration.ofSeconds(o.clusterWarmup + o.clusterSeconds + 120);
    for (AgentProcess agent : agents) {
      Map<String, String> f = AgentProcess.fields(agent.await(chatTimeout));
      sent += Long.parseLong(f.get("sent"));
      acked += Long.parseLong(f.get("acked"));
      refused += Long.parseLong(f.get("failed"));
      received += Long.parseLong(f.get("received"));
      latency.add(ClusterAgent.histogram(f.get("hist")));
    }
    double chatSeconds = (System.nanoTime() - tc0) / 1e9;
    long cpu3 = cpu(nodes);
    double redisCpu3 = redisCpu(redis);
    double load2 = Proc.loadAverage();
    long open = 0;
    long closed = 0;
    for (AgentProcess agent : agents) {
      agent.send("COUNT");
      Map<String, String> f = AgentProcess.fields(agent.await(Duration.ofSeconds(60)));
      open += Long.parseLong(f.get("open"));
      closed += Long.parseLong(f.get("closed"));
    }
    add(rows, "chatters", "count", chatters);
    add(rows, "chat messages sent", "count", sent);
    add(rows, "chat messages acknowledged", "count", acked);
    add(rows, "chat messages refused", "count", refused);
    add(rows, "chat messages received", "count", received);
    add(rows, "acknowledged but not received", "count", Math.max(0, acked - received));
    add(rows, "unanswered (neither acknowledged nor refused)", "count", sent - acked - refused);
    add(rows, "cross-node latency p50", "ms", latency.getValueAtPercentile(50) / 1000.0);
    add(rows, "cross-node latency p99", "ms", latency.getValueAtPercentile(99) / 1000.0);
    add(rows, "cross-node latency p99.9", "ms", latency.getValueAtPercentile(99.9) / 1000.0);
    add(rows, "cross-node latency max", "ms", latency.getMaxValue() / 1000.0);
    add(rows, "messages measured (after warm-up)", "count", latency.getTotalCount());
    add(
        rows,
        "node CPU during chat, summed over nodes",
        "% of a core",
        100.0 * (cpu3 - cpu2) / 1e9 / chatSeconds);
    add(
        rows,
        "node CPU per message, summed over nodes",
        "µs",
        (cpu3 - cpu2) / 1000.0 / Math.max(1, received));
    add(
        rows,
        "redis-server CPU during chat",
        "% of a core",
        100.0 * (redisCpu3 - redisCpu2) / chatSeconds);
    add(
        rows,
        "redis-server CPU per message",
        "µs",
        (redisCpu3 - redisCpu2) * 1e6 / Math.max(1, received));
    add(rows, "connections open after chat", "count", open);
    add(rows, "connections closed after connecting", "count", closed);
    add(rows, "load average (1 min) at start", "load", load0);
    add(rows, "load average (1 min) after connects", "load", load1);
    add(rows, "load average (1 min) after chat", "load", load2);
    return rows;
  }

  /** Starts node {@code n<k>}; a node that exits at start-up is tried again, three times in all. */
  private static ServerProcess startNode(
      Options o, String secretText, RedisProcess redis, int k, int heap) throws IOException {
    for (int attempt = 1; ; attempt++) {
      try {
        return startNodeOnce(o, secretText, redis, k, heap);
      } catch (IOException e) {
        if (attempt == 3) {
          throw e;
        }
        say("node n%d did not start (%s); again", k, e.getMessage());
      }
    }
  }

  private static ServerProcess startNodeOnce(
      Options o, String secretText, RedisProcess redis, int k, int heap) throws IOException {
    String id = "n" + k;
    if (o.clusterServer.equals("bench")) {
      return ServerProcess.start(
          "realtime",
          secretText.getBytes(StandardCharsets.US_ASCII),
          o,
          NAME + "-" + id,
          List.of("--redis=" + redis.uri(), "--node=" + id));
    }
    return ShippedServers.example(
        secretText,
        o,
        NAME + "-" + id,
        Map.of("REDIS_URL", redis.uri(), "NODE_ID", id),
        List.of("-XX:+UseSerialGC", "-Xmx" + heap + "m"),
        Protocol.NATIVE.path);
  }

  /**
   * Refuses a run whose nodes would each need more descriptors than a process may open: every
   * socket is one, beside what the node holds at rest (jars, selectors, Redis connections).
   */
  private static void checkOpenFileLimit(ServerProcess node, int perNode) throws IOException {
    long limit = Proc.openFileLimit(node.pid());
    long atRest;
    try (Stream<Path> fds = Files.list(Path.of("/proc/" + node.pid() + "/fd"))) {
      atRest = fds.count();
    }
    if (limit > 0 && perNode + atRest + 32 > limit) {
      throw new IllegalStateException(
          String.format(
              Locale.ROOT,
              "%,d connections a node need %,d open files with the %d a node holds at rest, over"
                  + " the limit of %,d a process: use more nodes (--cluster-nodes)",
              perNode,
              perNode + atRest,
              atRest,
              limit));
    }
  }

  private static long cpu(ServerProcess[] nodes) {
    long sum = 0;
    for (ServerProcess node : nodes) {
      sum += node.cpuNanos();
    }
    return sum;
  }

  /** Seconds of CPU redis-server has used (INFO cpu: user plus system, main and children). */
  private static double redisCpu(RedisProcess redis) throws IOException {
    Map<String, String> cpu = redis.info("cpu");
    return Double.parseDouble(cpu.get("used_cpu_sys"))
        + Double.parseDouble(cpu.get("used_cpu_user"));
  }

  private static double num(Map<String, String> info, String field) {
    return Double.parseDouble(info.get(field));
  }

  private static void add(List<Result> rows, String metric, String unit, double value) {
    rows.add(Result.of(NAME, metric, unit, value, Double.NaN));
    System.out.printf(Locale.ROOT, "%-8s %-50s %14.3f %s%n", NAME, metric, value, unit);
  }

  private static void say(String format, Object... args) {
    System.out.printf(
        Locale.ROOT,
        "%-8s " + format + "%n",
        Stream.concat(Stream.of(NAME), Stream.of(args)).toArray());
  }

  /** The value of {@code metric} among {@code rows}. */
  static double value(List<Result> rows, String metric) {
    return rows.stream()
        .filter(r -> r.metric().equals(metric))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no row " + metric))
        .value();
  }

  static String markdown(List<Result> rows, String machine, String args) {
    StringBuilder b = new StringBuilder();
    b.append("| metric | value | unit |\n|---|---:|---|\n");
    for (Result r : rows) {
      b.append("| ")
          .append(r.metric())
          .append(" | ")
          .append(Result.num(r.value()))
          .append(" | ")
          .append(r.unit())
          .append(" |\n");
    }
    b.append("\n").append(machine).append("\n\nArguments: `").append(args).append("`\n");
    b.append(
        "\nScenario cluster: realtimekit nodes in cluster mode on one redis-server child, load"
            + " generators in child JVMs each on its own loopback source address, everything on the"
            + " same cores; per-connection figures are (with every connection held) minus (before"
            + " the first), divided by the node's connections; heap after GC is after a full"
            + " collection; latency is from the intended send time to receipt, visitor and"
            + " commercial of each pair on two different nodes.\n");
    return b.toString();
  }

  private static void closeAll(List<AutoCloseable> started) {
    synchronized (started) {
      for (int i = started.size() - 1; i >= 0; i--) {
        try {
          started.get(i).close();
        } catch (Exception e) {
          System.err.println("cluster: stopping " + started.get(i) + ": " + e);
        }
      }
      started.clear();
    }
  }
}
