package io.realtimekit.bench.run;

import io.realtimekit.bench.load.WsClient;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Role;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The scenarios about connections rather than messages: memory per idle authenticated connection
 * (native: heap after GC plus direct buffers; Socket.IO three-way: process RSS at each count of
 * {@code --idle}), the connect rate with JWT verification, and the live-chat shape (idle visitors
 * plus active clients at a fixed rate).
 */
final class IdleScenarios {
  private final Options o;
  private final Scenarios s;

  IdleScenarios(Options o, Scenarios s) {
    this.o = o;
    this.s = s;
  }

  /** (3) Memory per idle authenticated connection: heap after GC plus direct buffers, and RSS. */
  Map<String, Double> memory(ServerProcess server) throws Exception {
    AtomicLong failed = new AtomicLong();
    List<Peer> peers = new ArrayList<>();
    CompanyId company = null;
    for (int i = 0; i < o.idle; i++) {
      if (i % 100 == 0) {
        company = CompanyId.of(UUID.randomUUID()); // 100 visitors a company, no commercial
      }
      peers.add(new Peer("v" + i, s.token("v" + i, company, Role.VISITOR), o.protocol, failed));
    }
    try (WsClient client = WsClient.create(o.client, o.sources)) {
      // a few connections first, so that what is allocated once (thread stacks, pools) is not
      // counted
      List<Peer> warm = new ArrayList<>(peers.subList(0, Math.min(200, peers.size())));
      List<Peer> rest = peers.subList(warm.size(), peers.size());
      Fleet.connectAll(client, server.ws(), warm, 64);
      Thread.sleep(500);
      Heap before = Heap.read(server);
      Fleet.connectAll(client, server.ws(), rest, 128);
      Thread.sleep(2000);
      Heap after = Heap.read(server);
      int n = rest.size();
      Fleet.closeAll(peers);
      Map<String, Double> r = new LinkedHashMap<>();
      r.put(
          "heap+direct per connection",
          (after.heap + after.direct - before.heap - before.direct) / 1024.0 / n);
      r.put("heap per connection", (after.heap - before.heap) / 1024.0 / n);
      r.put("RSS per connection", (after.rss - before.rss) / 1024.0 / n);
      r.put("connections held", (double) after.sockets);
      r.put("server RSS", after.rss / 1024.0 / 1024.0);
      return r;
    }
  }

  private record Heap(long heap, long direct, long rss, int sockets) {
    static Heap read(ServerProcess server) throws Exception {
      String json = server.get("/bench/heap");
      return new Heap(
          field(json, "heapUsed"),
          field(json, "direct"),
          server.rssBytes(),
          (int) field(json, "sockets"));
    }

    private static long field(String json, String name) {
      int i = json.indexOf("\"" + name + "\":") + name.length() + 3;
      int j = i;
      while (j < json.length() && Character.isDigit(json.charAt(j))) {
        j++;
      }
      return Long.parseLong(json.substring(i, j));
    }
  }

  /**
   * (4) Connect rate: handshake, JWT first frame, {@code connected}. Warm-up rounds of the same
   * size first ({@code --connect-warmup-rounds}, connected, then closed), so that the timed rounds
   * measure compiled code, not the JIT compiling the handshake path, in both servers alike; then
   * three timed rounds, of which the median is reported (one round lasts 1-3 s here, short enough
   * for one scheduling hiccup to move it by a third).
   */
  Map<String, Double> connect(ServerProcess server) throws Exception {
    AtomicLong failed = new AtomicLong();
    try (WsClient client = WsClient.create(o.client, o.sources)) {
      for (int round = 0; round < o.connectWarmupRounds; round++) {
        List<Peer> warm = visitors("w" + round + "-", o.connects, failed);
        Fleet.connectAll(client, server.ws(), warm, o.connectConcurrency);
        Fleet.closeAll(warm);
      }
      List<double[]> rounds = new ArrayList<>(); // {connections/s, CPU µs per connection}
      for (int round = 0; round < 3; round++) {
        List<Peer> peers = visitors("c" + round + "-", o.connects, failed);
        long cpu0 = server.cpuNanos();
        long nanos = Fleet.connectAll(client, server.ws(), peers, o.connectConcurrency);
        long cpu1 = server.cpuNanos();
        Fleet.closeAll(peers);
        rounds.add(
            new double[] {peers.size() * 1e9 / nanos, (cpu1 - cpu0) / 1000.0 / peers.size()});
      }
      rounds.sort((a, b) -> Double.compare(a[0], b[0]));
      double[] median = rounds.get(1);
      Map<String, Double> r = new LinkedHashMap<>();
      r.put("connections/s", median[0]);
      r.put("server CPU per connection", median[1]);
      r.put("connections/s, slowest of 3 rounds", rounds.get(0)[0]);
      r.put("connections/s, fastest of 3 rounds", rounds.get(2)[0]);
      return r;
    }
  }

  private List<Peer> visitors(String prefix, int n, AtomicLong failed) {
    List<Peer> peers = new ArrayList<>();
    CompanyId company = null;
    for (int i = 0; i < n; i++) {
      if (i % 100 == 0) {
        company = CompanyId.of(UUID.randomUUID());
      }
      peers.add(
          new Peer(prefix + i, s.token(prefix + i, company, Role.VISITOR), o.protocol, failed));
    }
    return peers;
  }

  /**
   * (3, three-way) Process RSS per idle authenticated connection at each count of {@code --idle}
   * (10,000 and 18,000 by default), on one server: 200 connections first (what is allocated once,
   * thread stacks and pools, is not counted), then up to each count in turn, RSS read 3 s after the
   * last connect. The heap after GC (a full collection: jcmd for the example jar) is read before
   * the first count and after the RSS of the last, never between, so that the collection it forces
   * does not shrink the heap under a later RSS reading.
   */
  Map<String, Double> memoryRss(ServerProcess server) throws Exception {
    AtomicLong failed = new AtomicLong();
    int max = o.idlePoints.stream().mapToInt(Integer::intValue).max().orElseThrow();
    List<Peer> peers = visitors("v", max, failed);
    Map<String, Double> r = new LinkedHashMap<>();
    try (WsClient client = WsClient.create(o.client, o.sources)) {
      int warm = Math.min(200, max);
      Fleet.connectAll(client, server.ws(), peers.subList(0, warm), 64);
      Thread.sleep(500);
      long heap0 = server.heapAfterGcBytes();
      Thread.sleep(1000);
      long rss0 = server.rssBytes();
      int held = warm;
      long lastRss = rss0;
      for (int n : o.idlePoints.stream().sorted().toList()) {
        Fleet.connectAll(client, server.ws(), peers.subList(held, n), 128);
        held = n;
        Thread.sleep(3000);
        lastRss = server.rssBytes();
        long connected =
            peers.subList(0, n).stream()
                .filter(p -> p.connected.isDone() && !p.connected.isCompletedExceptionally())
                .count();
        r.put("RSS per connection at " + n, (lastRss - rss0) / 1024.0 / (n - warm));
        r.put("server RSS at " + n, lastRss / 1024.0 / 1024.0);
        r.put("connections held at " + n, (double) connected);
      }
      long heap1 = server.heapAfterGcBytes();
      r.put(
          "heap after GC per connection at " + held,
          heap0 < 0 ? Double.NaN : (heap1 - heap0) / 1024.0 / (held - warm));
      r.put("server RSS with 200 connections", rss0 / 1024.0 / 1024.0);
      Fleet.closeAll(peers);
      return r;
    }
  }

  /**
   * (6, three-way) The live-chat shape: {@code --live-clients} active clients (visitor and
   * commercial pairs, one company each) at {@code --rate} messages/s each, as in the fixed-rate
   * scenario, with {@code --live-idle} idle visitors connected after them, spread over the same
   * companies (so that each connect sends {@code visitor:connected} to that company's commercial):
   * latency, server CPU and process RSS with everything connected.
   */
  Map<String, Double> liveChat(ServerProcess server) throws Exception {
    AtomicLong failed = new AtomicLong();
    List<Peer> idle = new ArrayList<>();
    Scenarios.Background background =
        new Scenarios.Background() {
          @Override
          public void start(WsClient client, List<CompanyId> companies) throws Exception {
            for (int i = 0; i < o.liveIdle; i++) {
              CompanyId company = companies.get(i % companies.size());
              idle.add(
                  new Peer("i" + i, s.token("i" + i, company, Role.VISITOR), o.protocol, failed));
            }
            Fleet.connectAll(client, server.ws(), idle, 128);
            Thread.sleep(2000);
          }

          @Override
          public void finish(Map<String, Double> r) throws Exception {
            r.put("server RSS", server.rssBytes() / 1024.0 / 1024.0);
            r.put(
                "idle connections held",
                (double)
                    idle.stream()
                        .filter(
                            p -> p.connected.isDone() && !p.connected.isCompletedExceptionally())
                        .count());
            Fleet.closeAll(idle);
          }
        };
    return s.latency(Scenarios.single(server), "l", o.liveClients, background);
  }
}
