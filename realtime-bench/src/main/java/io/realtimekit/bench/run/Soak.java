package io.realtimekit.bench.run;

import io.realtimekit.bench.load.NioWsClient;
import io.realtimekit.bench.load.SocketIoFrames;
import io.realtimekit.bench.load.Ws;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Role;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The {@code soak} scenario: a redis-server child, two realtimekit nodes in cluster mode on it (the
 * example jar as the README runs it, {@code REDIS_URL} and {@code NODE_ID} set, recovery on; or
 * BenchServer JVMs with Socket.IO on, in the test), and users on both protocols chatting across the
 * nodes with acknowledgements for {@code --duration} seconds, while:
 *
 * <ul>
 *   <li>reconnect churn: a random user drops its socket every {@code --soak-churn-ms} and
 *       reconnects (to either node) with its position: {@code recover} (native) or pid and offset
 *       (Socket.IO);
 *   <li>one node restart at 40 % of the run: node b is killed (SIGKILL) and started again with the
 *       same {@code NODE_ID}; its users reconnect to node a or to the restarted b and recover;
 *   <li>one store outage at 70 %: redis-server is stopped (SIGSTOP) for {@code --soak-outage}
 *       seconds, then resumed (its data kept);
 * </ul>
 *
 * <p>Every 10 s each node's heap after GC, RSS, threads and file descriptors, its open connections,
 * redis-server's memory and keys and the acknowledged messages not yet received are sampled ({@link
 * SoakSamples}). At the end traffic stops, every user reconnects once more with its position, and
 * the {@link SoakLedger} gives the verdict: acknowledged messages lost, duplicate frames,
 * misdelivered ones.
 */
final class Soak {
  static final String NAME = "soak";
  private static final CompanyId COMPANY = CompanyId.of(UUID.randomUUID().toString());

  /** What a run does; {@link #of(Options)} reads it from the options. */
  record Plan(
      int seconds, int users, double rate, int churnMillis, int outageSeconds, boolean exampleJar) {
    static Plan of(Options o) {
      return new Plan(
          o.soakSeconds,
          o.soakUsers,
          o.soakRate,
          o.soakChurnMillis,
          o.soakOutageSeconds,
          !o.soakBenchNodes);
    }
  }

  /** What a run found. */
  record Report(
      Map<String, Double> verdict,
      List<SoakSamples.Trend> trends,
      SoakSamples samples,
      List<String> timeline,
      List<String> notes) {}

  private final Plan plan;
  private final Scenarios scenarios;
  private final byte[] secret;
  private final String secretText;
  private final Options o;
  private final SoakLedger ledger = new SoakLedger();
  private final SoakSamples samples = new SoakSamples();
  private final List<String> timeline = Collections.synchronizedList(new ArrayList<>());
  private final List<SoakClient> clients = new ArrayList<>();
  private final Map<SoakClient, Long> nextAttempt = new ConcurrentHashMap<>();
  private final Map<SoakClient, Long> attemptStarted = new ConcurrentHashMap<>();
  private final ServerProcess[] nodes = new ServerProcess[2];
  private final int[] incarnation = new int[2];
  private RedisProcess redis;
  private volatile boolean traffic = true;
  private volatile boolean churn = true;
  private long t0;

  Soak(Plan plan, Scenarios scenarios, byte[] secret, String secretText, Options o) {
    this.plan = plan;
    this.scenarios = scenarios;
    this.secret = secret;
    this.secretText = secretText;
    this.o = o;
  }

  /** Runs the plan; every process and thread it started is stopped when it returns. */
  Report run() throws Exception {
    Path logs = Path.of(o.out, "logs");
    ScheduledExecutorService timers = Executors.newScheduledThreadPool(3);
    try (NioWsClient ws = new NioWsClient(1, 2)) {
      redis = RedisProcess.start(logs.resolve(NAME + "-redis.log"));
      nodes[0] = startNode(0);
      nodes[1] = startNode(1);
      for (int i = 0; i < plan.users(); i++) {
        boolean commercial = i % 3 != 2;
        String user = (commercial ? "c" : "v") + i;
        Protocol p = i % 2 == 0 ? Protocol.NATIVE : Protocol.SOCKETIO;
        String token = scenarios.token(user, COMPANY, commercial ? Role.COMMERCIAL : Role.VISITOR);
        SoakClient c = new SoakClient(user, token, p, commercial, ledger);
        clients.add(c);
        nextAttempt.put(c, 0L);
      }
      t0 = System.nanoTime();
      event("start: " + plan);
      timers.scheduleWithFixedDelay(() -> maintain(ws), 0, 100, TimeUnit.MILLISECONDS);
      long period = Math.max(1, (long) (1_000_000 / plan.rate()));
      timers.scheduleAtFixedRate(this::sendOne, 1_000_000, period, TimeUnit.MICROSECONDS);
      timers.scheduleAtFixedRate(this::churnOne, 2000, plan.churnMillis(), TimeUnit.MILLISECONDS);
      Thread sampler = new Thread(this::sampleEvery10s, "soak-sampler");
      sampler.setDaemon(true);
      sampler.start();

      sleepUntil(0.40 * plan.seconds());
      event("node b: SIGKILL");
      nodes[1].kill();
      ServerProcess dead = nodes[1];
      nodes[1] = null;
      dead.close();
      incarnation[1]++;
      nodes[1] = startNode(1);
      event("node b: restarted, answering /health");

      sleepUntil(0.70 * plan.seconds());
      event("redis-server: SIGSTOP");
      redis.signal("STOP");
      try {
        Thread.sleep(plan.outageSeconds() * 1000L);
      } finally {
        redis.signal("CONT");
      }
      event("redis-server: SIGCONT");

      sleepUntil(plan.seconds());
      traffic = false;
      churn = false;
      event("traffic stopped; every user reconnects with its position");
      Thread.sleep(3000);
      for (SoakClient c : clients) {
        c.drop();
        nextAttempt.put(c, 0L);
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      while (System.nanoTime() < deadline && !clients.stream().allMatch(SoakClient::isOpen)) {
        Thread.sleep(200);
      }
      long open = clients.stream().filter(SoakClient::isOpen).count();
      event("final reconnect: " + open + " of " + clients.size() + " users connected");
      deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (System.nanoTime() < deadline && ledger.missing() > 0) {
        Thread.sleep(200);
      }
      sampler.interrupt();
      sampler.join(60_000);
      Map<String, Double> verdict = ledger.verdict();
      verdict.put("users connected at the end", (double) open);
      event("done");
      return new Report(
          verdict,
          samples.trends(Math.min(120, 0.2 * plan.seconds())),
          samples,
          List.copyOf(timeline),
          ledger.notes());
    } finally {
      timers.shutdownNow();
      timers.awaitTermination(10, TimeUnit.SECONDS);
      for (ServerProcess n : nodes) {
        if (n != null) {
          n.close();
        }
      }
      if (redis != null) {
        redis.close();
      }
    }
  }

  private ServerProcess startNode(int i) throws Exception {
    String id = i == 0 ? "a" : "b";
    String label = NAME + "-" + id + (incarnation[i] > 0 ? "-" + incarnation[i] : "");
    if (plan.exampleJar()) {
      return ShippedServers.example(
          secretText, o, label, Map.of("REDIS_URL", redis.uri(), "NODE_ID", id));
    }
    return ServerProcess.start(
        "realtime",
        secret,
        o,
        label,
        List.of("--redis=" + redis.uri(), "--node=" + id, "--socketio"));
  }

  private double seconds() {
    return (System.nanoTime() - t0) / 1e9;
  }

  private void event(String what) {
    String line = String.format(Locale.ROOT, "%7.1f s  %s", seconds(), what);
    timeline.add(line);
    System.out.println(NAME + " " + line);
  }

  private void sleepUntil(double second) throws InterruptedException {
    long wait = (long) ((second - seconds()) * 1000);
    if (wait > 0) {
      Thread.sleep(wait);
    }
  }

  /** Reconnects users whose socket is gone, to a random live node; handshakes time out at 10 s. */
  private void maintain(NioWsClient ws) {
    try {
      long now = System.nanoTime();
      for (SoakClient c : clients) {
        if (c.isOpen()) {
          continue;
        }
        Long started = attemptStarted.get(c);
        if (started != null && !c.connected().isDone()) {
          if (now - started > TimeUnit.SECONDS.toNanos(10)) {
            c.drop(); // a handshake that never ended
            nextAttempt.put(c, now + TimeUnit.SECONDS.toNanos(1));
          }
          continue;
        }
        if (now < nextAttempt.getOrDefault(c, 0L)) {
          continue;
        }
        List<ServerProcess> live = new ArrayList<>();
        for (ServerProcess n : nodes) {
          if (n != null && n.alive()) {
            live.add(n);
          }
        }
        if (live.isEmpty()) {
          return;
        }
        ServerProcess n = live.get(ThreadLocalRandom.current().nextInt(live.size()));
        URI uri =
            URI.create(
                "ws://127.0.0.1:"
                    + n.port
                    + (c.protocol == Protocol.NATIVE ? "/realtime" : SocketIoFrames.PATH));
        Ws.Handler h = c.newConnection();
        attemptStarted.put(c, now);
        // a refused or failed attempt waits a second before the next
        nextAttempt.put(c, now + TimeUnit.SECONDS.toNanos(1));
        ws.connect(uri, h)
            .whenComplete(
                (socket, e) -> {
                  if (e == null) {
                    c.opened(h, socket);
                  } else {
                    c.failed(h);
                  }
                });
      }
    } catch (RuntimeException e) {
      ledger.problem("maintain: " + e);
    }
  }

  private void sendOne() {
    if (!traffic) {
      return;
    }
    ThreadLocalRandom r = ThreadLocalRandom.current();
    SoakClient from = clients.get(r.nextInt(clients.size()));
    if (!from.sender) {
      from = clients.get(3 * r.nextInt(Math.max(1, clients.size() / 3)));
    }
    SoakClient to = clients.get(r.nextInt(clients.size()));
    if (to == from) {
      return;
    }
    if (r.nextInt(10) == 0) {
      from.sendTyping(to.userId);
    } else {
      from.sendChat(to.userId);
    }
  }

  private void churnOne() {
    if (!churn) {
      return;
    }
    ThreadLocalRandom r = ThreadLocalRandom.current();
    SoakClient c = clients.get(r.nextInt(clients.size()));
    if (c.isOpen()) {
      c.drop();
      nextAttempt.put(c, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(r.nextInt(1500)));
    }
  }

  private void sampleEvery10s() {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        double t = seconds();
        for (int i = 0; i < 2; i++) {
          ServerProcess n = nodes[i];
          if (n == null || !n.alive()) {
            continue;
          }
          String s = (i == 0 ? "a" : "b") + (incarnation[i] > 0 ? "#" + incarnation[i] : "");
          try {
            samples.add(s + " heap after GC MiB", t, n.heapAfterGcBytes() / 1048576.0, 8);
            samples.add(s + " RSS MiB", t, n.rssBytes() / 1048576.0, 32);
            samples.add(s + " threads", t, Proc.threads(n.pid()), 3);
            samples.add(s + " fds", t, Proc.fds(n.pid()), 8);
            samples.add(s + " connections open", t, connections(n), 0.1 * plan.users());
          } catch (Exception e) {
            ledger.problem("sample of node " + s + " at " + (int) t + " s: " + e);
          }
        }
        try {
          samples.add("redis used MiB", t, redis.infoField("memory", "used_memory") / 1048576.0, 4);
          samples.add("redis keys", t, redis.infoField("keyspace", "db0"), 200);
        } catch (Exception e) {
          // stopped (the outage): no sample
        }
        samples.add("acknowledged not yet received", t, ledger.missing(), 50);
        Thread.sleep(Math.max(0, 10_000 - (long) ((seconds() - t) * 1000)));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Open connections: the example's {@code realtime_connections_open}, BenchServer's sockets. */
  private static double connections(ServerProcess n) throws Exception {
    String text = n.get(n.heapViaJcmd() ? "/metrics" : "/bench/heap");
    for (String line : text.split("\n")) {
      if (line.startsWith("realtime_connections_open")) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    int i = text.indexOf("\"sockets\":");
    if (i >= 0) {
      return Double.parseDouble(text.substring(i + 10, text.indexOf('}', i)).trim());
    }
    return -1;
  }
}
