package io.realtimekit.bench.run;

import io.realtimekit.bench.load.WsClient;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import io.realtimekit.infrastructure.auth.HmacTokenIssuer;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The scenarios about messages (closed loop, fixed rate, fan-out), each measuring one server (or
 * the nodes of a cluster) and returning its figures by metric name; the connection scenarios are in
 * {@link IdleScenarios}.
 */
final class Scenarios {
  private final Options o;
  private final HmacTokenIssuer issuer;

  Scenarios(Options o, byte[] secret) {
    this.o = o;
    this.issuer = new HmacTokenIssuer(secret);
  }

  String token(String user, CompanyId company, Role role) {
    return issuer.issue(UserId.of(user), company, Set.of(role), Duration.ofHours(2));
  }

  /**
   * Where the peers of the throughput and latency scenarios connect, and whose CPU time is counted:
   * one server, or the nodes of a cluster ({@link CrossNode}).
   */
  interface Target {
    /**
     * The endpoint of the visitor ({@code commercial} false) or commercial of pair {@code pair}.
     */
    URI ws(int pair, boolean commercial);

    /** CPU time of every server process, summed. */
    long cpuNanos();

    /** Whether the server assigns visitors, who then write only after {@code visitor:assigned}. */
    default boolean assignsVisitors() {
      return false;
    }

    /** CPU time of the shared store (redis-server), or -1 when there is none. */
    default long storeCpuNanos() {
      return -1;
    }

    /** CPU time by thread of the server, JIT compiler threads left out; null when not available. */
    default Map<Long, Long> cpuByThreadExceptCompiler() {
      return null;
    }
  }

  static Target single(ServerProcess server) {
    return new Target() {
      @Override
      public URI ws(int pair, boolean commercial) {
        return server.ws();
      }

      @Override
      public long cpuNanos() {
        return server.cpuNanos();
      }

      @Override
      public boolean assignsVisitors() {
        return server.assignsVisitors;
      }

      @Override
      public Map<Long, Long> cpuByThreadExceptCompiler() {
        return Proc.cpuNanosByThreadExceptCompiler(server.pid());
      }
    };
  }

  /**
   * Connects peers (a0, b0, a1, b1, ...) each to its endpoint, at most 64 handshakes in flight per
   * endpoint.
   */
  private static void connect(WsClient client, Target target, List<Peer> peers) throws Exception {
    Map<URI, List<Peer>> byUri = new LinkedHashMap<>();
    for (int k = 0; k < peers.size(); k++) {
      byUri.computeIfAbsent(target.ws(k / 2, k % 2 == 1), u -> new ArrayList<>()).add(peers.get(k));
    }
    for (Map.Entry<URI, List<Peer>> e : byUri.entrySet()) {
      Fleet.connectAll(client, e.getKey(), e.getValue(), 64);
    }
    if (target.assignsVisitors()) {
      // a visitor that connected before its commercial waits in the queue until the assignment
      // reaches it; writing to the commercial before that is refused (FORBIDDEN), as in a browser
      List<CompletableFuture<Peer>> visitors = new ArrayList<>();
      for (int k = 0; k < peers.size(); k += 2) {
        visitors.add(peers.get(k).assigned);
      }
      CompletableFuture.allOf(visitors.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    }
  }

  /**
   * Visitor a_i and commercial b_i of company i, paired both ways, user ids prefixed with {@code
   * prefix} (so that one run's users never meet another's); the companies, in order, are added to
   * {@code companies} when it is not null.
   */
  private List<Peer> pairs(String prefix, int n, AtomicLong failed, List<CompanyId> companies) {
    List<Peer> peers = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      CompanyId c = CompanyId.of(UUID.randomUUID());
      if (companies != null) {
        companies.add(c);
      }
      Peer a =
          new Peer(prefix + "a" + i, token(prefix + "a" + i, c, Role.VISITOR), o.protocol, failed);
      Peer b =
          new Peer(
              prefix + "b" + i, token(prefix + "b" + i, c, Role.COMMERCIAL), o.protocol, failed);
      a.pairWith(b);
      b.pairWith(a);
      peers.add(a);
      peers.add(b);
    }
    return peers;
  }

  /** (1) Closed loop: every sender keeps {@code inflight} messages on their way to its partner. */
  Map<String, Double> throughput(ServerProcess server) throws Exception {
    return throughput(single(server), "");
  }

  Map<String, Double> throughput(Target server, String prefix) throws Exception {
    AtomicLong failed = new AtomicLong();
    List<Peer> peers = pairs(prefix, o.pairs, failed, null);
    LongAdder delivered = new LongAdder();
    Recorder latency = new Recorder(3);
    try (WsClient client = WsClient.create(o.client, 1)) {
      connect(client, server, peers);
      for (Peer p : peers) {
        p.onChat =
            t -> {
              delivered.increment();
              latency.recordValue(Math.max(0, (System.nanoTime() - t) / 1000));
            };
        p.loop = true;
      }
      for (Peer p : peers) {
        for (int k = 0; k < o.inflight; k++) {
          p.sendChat(System.nanoTime());
        }
      }
      Thread.sleep(o.warmup * 1000L);
      latency.reset();
      long d0 = delivered.sum();
      long cpu0 = server.cpuNanos();
      Map<Long, Long> noJit0 = server.cpuByThreadExceptCompiler();
      long store0 = server.storeCpuNanos();
      long self0 = Proc.cpuNanos(Proc.self());
      long t0 = System.nanoTime();
      Thread.sleep(o.seconds * 1000L);
      long d1 = delivered.sum();
      long cpu1 = server.cpuNanos();
      Map<Long, Long> noJit1 = server.cpuByThreadExceptCompiler();
      long store1 = server.storeCpuNanos();
      long self1 = Proc.cpuNanos(Proc.self());
      long t1 = System.nanoTime();
      Histogram h = latency.getIntervalHistogram();
      for (Peer p : peers) {
        p.loop = false;
      }
      Thread.sleep(500);
      Fleet.closeAll(peers);
      double msgs = d1 - d0;
      Map<String, Double> r = new LinkedHashMap<>();
      r.put("messages/s", msgs * 1e9 / (t1 - t0));
      r.put("server CPU per message", (cpu1 - cpu0) / 1000.0 / msgs);
      if (noJit0 != null) {
        // what a server that has finished compiling its hot path spends: the JIT's share of a
        // 10 s window after 10 s of warm-up still varies from run to run
        r.put(
            "server CPU per message, JIT compiler threads left out",
            Proc.cpuNanosBetween(noJit0, noJit1) / 1000.0 / msgs);
      }
      r.put("load generator CPU per message", (self1 - self0) / 1000.0 / msgs);
      r.put("server CPU cores busy", (cpu1 - cpu0) / (double) (t1 - t0));
      if (store0 >= 0) {
        r.put("redis-server CPU per message", (store1 - store0) / 1000.0 / msgs);
      }
      r.put("latency p50 under saturation", h.getValueAtPercentile(50) / 1000.0);
      r.put("latency p99 under saturation", h.getValueAtPercentile(99) / 1000.0);
      r.put("failed replies", (double) failed.get());
      return r;
    }
  }

  /**
   * (2) Fixed rate: {@code rateClients} clients, {@code rate} messages/s each, send times on
   * schedule.
   */
  Map<String, Double> latency(ServerProcess server) throws Exception {
    return latency(single(server), "");
  }

  Map<String, Double> latency(Target server, String prefix) throws Exception {
    return latency(server, prefix, o.rateClients, null);
  }

  /**
   * What else is connected while a fixed-rate load runs (the live-chat shape's idle visitors):
   * started once the active clients are connected, asked for its figures before they close.
   */
  interface Background {
    /** Connects; {@code companies} are those of the active pairs, in order. */
    void start(WsClient client, List<CompanyId> companies) throws Exception;

    /** Adds its figures to {@code r} while everything is still connected, then lets go. */
    void finish(Map<String, Double> r) throws Exception;
  }

  /**
   * The fixed-rate load with {@code clients} active clients, beside {@code background} (may be
   * null).
   */
  Map<String, Double> latency(Target server, String prefix, int clients, Background background)
      throws Exception {
    AtomicLong failed = new AtomicLong();
    List<CompanyId> companies = new ArrayList<>();
    List<Peer> peers = pairs(prefix, clients / 2, failed, companies);
    Recorder latency = new Recorder(3);
    LongAdder delivered = new LongAdder();
    try (WsClient client = WsClient.create(o.client, o.sources)) {
      connect(client, server, peers);
      if (background != null) {
        background.start(client, companies);
      }
      for (Peer p : peers) {
        p.onChat =
            t -> {
              delivered.increment();
              latency.recordValue(Math.max(0, (System.nanoTime() - t) / 1000));
            };
      }
      long total = (long) peers.size() * o.rate;
      long interval = 1_000_000_000L / total;
      long start = System.nanoTime();
      long warmEnd = start + o.latencyWarmup * 1_000_000_000L;
      long end = warmEnd + o.latencySeconds * 1_000_000_000L;
      long cpu0 = 0;
      long store0 = 0;
      long d0 = 0;
      long t0 = 0;
      boolean measuring = false;
      for (long i = 0; ; i++) {
        long due = start + i * interval;
        if (due >= end) {
          break;
        }
        if (!measuring && due >= warmEnd) {
          latency.reset();
          cpu0 = server.cpuNanos();
          store0 = server.storeCpuNanos();
          d0 = delivered.sum();
          t0 = System.nanoTime();
          measuring = true;
        }
        long wait = due - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
        peers
            .get((int) (i % peers.size()))
            .sendChat(due); // the intended time: no coordinated omission
      }
      Thread.sleep(1000);
      Histogram h = latency.getIntervalHistogram();
      long cpu1 = server.cpuNanos();
      long t1 = System.nanoTime();
      long store1 = server.storeCpuNanos();
      long msgs = delivered.sum() - d0;
      Map<String, Double> r = new LinkedHashMap<>();
      if (background != null) {
        background.finish(r);
      }
      Fleet.closeAll(peers);
      r.put("p50", h.getValueAtPercentile(50) / 1000.0);
      r.put("p99", h.getValueAtPercentile(99) / 1000.0);
      r.put("p99.9", h.getValueAtPercentile(99.9) / 1000.0);
      r.put("max", h.getMaxValue() / 1000.0);
      r.put("messages measured", (double) h.getTotalCount());
      r.put("server CPU per message", (cpu1 - cpu0) / 1000.0 / Math.max(1, msgs));
      r.put("server CPU, % of a core", 100.0 * (cpu1 - cpu0) / (t1 - t0));
      if (store0 >= 0) {
        r.put("redis-server CPU per message", (store1 - store0) / 1000.0 / Math.max(1, msgs));
      }
      r.put("failed replies", (double) failed.get());
      return r;
    }
  }

  /** (5) Fan-out: one notification to {@code fanout} commercials, time until the last has it. */
  Map<String, Double> fanout(ServerProcess server) throws Exception {
    AtomicLong failed = new AtomicLong();
    CompanyId company = CompanyId.of(UUID.randomUUID());
    List<Peer> peers = new ArrayList<>();
    for (int i = 0; i < o.fanout; i++) {
      peers.add(new Peer("k" + i, token("k" + i, company, Role.COMMERCIAL), o.protocol, failed));
    }
    AtomicInteger got = new AtomicInteger();
    AtomicLong lastAt = new AtomicLong();
    CountDownLatch[] latch = {new CountDownLatch(1)};
    for (Peer p : peers) {
      p.onOther =
          () -> {
            if (got.incrementAndGet() == o.fanout) {
              lastAt.set(System.nanoTime());
              latch[0].countDown();
            }
          };
    }
    try (WsClient client = WsClient.create(o.client, 1)) {
      Fleet.connectAll(client, server.ws(), peers, 64);
      Thread.sleep(1000);
      int warmup = 10;
      Histogram h = new Histogram(3);
      long cpuStart = 0;
      for (int round = 0; round < warmup + o.fanoutRounds; round++) {
        got.set(0);
        latch[0] = new CountDownLatch(1);
        if (round == warmup) {
          cpuStart = server.cpuNanos();
        }
        long t0 = System.nanoTime();
        String n = server.get("/bench/notify?company=" + company);
        if (!latch[0].await(30, TimeUnit.SECONDS)) {
          throw new IllegalStateException("fan-out round " + round + ": " + got.get() + " of " + n);
        }
        if (round >= warmup) {
          h.recordValue((lastAt.get() - t0) / 1000);
        }
        Thread.sleep(100);
      }
      long cpu = server.cpuNanos() - cpuStart;
      Fleet.closeAll(peers);
      Map<String, Double> r = new LinkedHashMap<>();
      r.put("time to last p50", h.getValueAtPercentile(50) / 1000.0);
      r.put("time to last max", h.getMaxValue() / 1000.0);
      r.put("server CPU per delivery", cpu / 1000.0 / ((double) o.fanout * o.fanoutRounds));
      return r;
    }
  }
}
