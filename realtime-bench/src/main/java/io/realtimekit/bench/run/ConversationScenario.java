package io.realtimekit.bench.run;

import io.realtimekit.bench.load.Ws;
import io.realtimekit.bench.load.WsClient;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The {@code conversation} scenario: a conversation of {@value #PARTICIPANTS} participants spread
 * over {@value #NODES} realtimekit nodes (BenchServer JVMs in cluster mode on a {@code
 * redis-server} child process of this run), opened by the host through the facade ({@code GET
 * /bench/conversation} on the first node). Each participant is one native-protocol socket of the
 * load generator, participant i on node i mod 3. {@value #SENDERS} of them (on all three nodes)
 * send {@code conversation:message {conversationId, message}} with request ids, {@value
 * #RATE_PER_SENDER} messages/s each, on schedule from one thread (latency from the intended send
 * time). Measured: the latency of every delivery to the other {@code PARTICIPANTS - 1}
 * participants, deliveries per second, each node's CPU per message, redis-server's CPU, and the
 * PUBLISH calls per message from {@code INFO commandstats} (during the load, and for messages sent
 * one at a time on a quiet cluster; for those also the Lua scripts run and the stream entries
 * written); then whether every acknowledged message reached every other participant exactly once
 * and the sender's own socket once.
 *
 * <p>It runs twice, each time on a fresh redis-server and fresh nodes: as the library is built by
 * default (recovery on: conversation messages are kept events of every participant's stream) and
 * with {@code recovery(false)}. Writes {@code conversation.json} into the output directory; every
 * process is stopped at the end, also on failure or interrupt.
 */
final class ConversationScenario {
  static final String NAME = "conversation";
  static final int PARTICIPANTS = 50;
  static final int NODES = 3;
  static final int SENDERS = 10;
  static final int RATE_PER_SENDER = 5;

  /** Messages sent one at a time, each awaited everywhere, PUBLISH counted around each. */
  static final int SINGLE_MESSAGES = 20;

  private static final String EVENT = "{\"event\":\"conversation:message\"";
  private static final String MARK = "\"message\":\"t=";

  private ConversationScenario() {}

  /**
   * Rows of scenario {@code conversation}: value = recovery on (the default), baseline = recovery
   * off.
   */
  static List<Result> run(Scenarios s, byte[] secret, Options o) throws Exception {
    String loadBefore = loadAverage();
    long began = System.nanoTime();
    Map<String, Double> kept = once(s, secret, o, true);
    Map<String, Double> live = once(s, secret, o, false);
    String loadAfter = loadAverage();
    List<Result> rows = new ArrayList<>();
    for (String metric : kept.keySet()) {
      rows.add(
          Result.of(
              NAME, metric, unit(metric), kept.get(metric), live.getOrDefault(metric, Double.NaN)));
    }
    Path out = Path.of(o.out);
    Files.createDirectories(out);
    String machine =
        Runner.machine(o, (System.nanoTime() - began) / 1e9)
            + " Load average (1, 5, 15 min) before: "
            + loadBefore
            + "; after: "
            + loadAfter
            + ".";
    Files.writeString(out.resolve(NAME + ".json"), json(rows, machine, String.join(" ", o.raw)));
    System.out.println("written: " + out.resolve(NAME + ".json"));
    return rows;
  }

  private static Map<String, Double> once(Scenarios s, byte[] secret, Options o, boolean recovery)
      throws Exception {
    String mode = recovery ? "recovery-on" : "recovery-off";
    Path logs = Path.of(o.out, "logs");
    List<AutoCloseable> started = Collections.synchronizedList(new ArrayList<>());
    Thread hook = new Thread(() -> closeAll(started), "conversation-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      System.out.printf(
          Locale.ROOT,
          "%-12s %-12s starting redis-server and %d cluster nodes ...%n",
          NAME,
          mode,
          NODES);
      RedisProcess redis = RedisProcess.start(logs.resolve(NAME + "-" + mode + "-redis.log"));
      started.add(redis);
      ServerProcess[] nodes = new ServerProcess[NODES];
      for (int n = 0; n < NODES; n++) {
        List<String> extra = new ArrayList<>(List.of("--redis=" + redis.uri(), "--node=n" + n));
        if (!recovery) {
          extra.add("--no-recovery");
        }
        nodes[n] = ServerProcess.start("realtime", secret, o, NAME + "-" + mode + "-n" + n, extra);
        started.add(nodes[n]);
      }
      Map<String, Double> r = new Run(s, o, redis, nodes, mode).measure();
      r.forEach(
          (k, v) -> System.out.printf(Locale.ROOT, "%-12s %-12s %-52s %12.3f%n", NAME, mode, k, v));
      return r;
    } finally {
      closeAll(started);
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException ignored) {
        // already shutting down
      }
    }
  }

  /** One measurement on one cluster. */
  private static final class Run {
    private final Scenarios s;
    private final Options o;
    private final RedisProcess redis;
    private final ServerProcess[] nodes;
    private final String mode;
    private final int capacity;

    /** By message number: its sender (participant index). */
    private final int[] senderOf;

    private final AtomicIntegerArray toOthers;
    private final AtomicIntegerArray toSender;
    private final AtomicIntegerArray acked;
    private final AtomicLong failedReplies = new AtomicLong();
    private final LongAdder deliveries = new LongAdder();
    private final Recorder latency = new Recorder(3);

    /** Deliveries of messages from this number on are timed. */
    private volatile long firstTimed = Long.MAX_VALUE;

    private final AtomicLong next = new AtomicLong();
    private final List<Member> members = new ArrayList<>();

    Run(Scenarios s, Options o, RedisProcess redis, ServerProcess[] nodes, String mode) {
      this.s = s;
      this.o = o;
      this.redis = redis;
      this.nodes = nodes;
      this.mode = mode;
      this.capacity =
          SINGLE_MESSAGES + SENDERS * RATE_PER_SENDER * (o.latencyWarmup + o.latencySeconds + 2);
      this.senderOf = new int[capacity];
      this.toOthers = new AtomicIntegerArray(capacity);
      this.toSender = new AtomicIntegerArray(capacity);
      this.acked = new AtomicIntegerArray(capacity);
    }

    Map<String, Double> measure() throws Exception {
      CompanyId company = CompanyId.of(UUID.randomUUID());
      StringBuilder users = new StringBuilder();
      for (int i = 0; i < PARTICIPANTS; i++) {
        String user = "p" + i;
        members.add(
            new Member(
                this, i, user, s.token(user, company, i == 0 ? Role.VISITOR : Role.COMMERCIAL)));
        users.append(i == 0 ? "" : ",").append(user);
      }
      // the host opens the conversation through the facade of the first node
      String conversationId =
          nodes[0].get("/bench/conversation?company=" + company + "&users=" + users).trim();
      if (!conversationId.matches("[0-9a-f-]{36}")) {
        throw new IllegalStateException("the conversation was not opened: " + conversationId);
      }
      for (Member m : members) {
        m.prefix =
            "{\"event\":\"conversation:message\",\"data\":{\"conversationId\":\""
                + conversationId
                + "\",\"message\":\"t=";
      }
      Map<String, Double> r = new LinkedHashMap<>();
      try (WsClient client = WsClient.create(o.client, 1)) {
        for (Member m : members) {
          client
              .connect(nodes[m.index % NODES].ws(), m)
              .whenComplete(
                  (ws, e) -> {
                    if (e != null) {
                      m.connected.completeExceptionally(e);
                    } else {
                      m.ws = ws;
                      ws.send("{\"type\":\"connect\",\"token\":\"" + m.token + "\"}");
                    }
                  });
        }
        CompletableFuture.allOf(
                members.stream().map(m -> m.connected).toArray(CompletableFuture[]::new))
            .get(60, TimeUnit.SECONDS);
        Thread.sleep(1000); // presence records written and announced everywhere

        // PUBLISH with nothing sent, then for messages sent one at a time on a quiet cluster
        long idle0 = redis.commandCalls("publish");
        long idleT0 = System.nanoTime();
        Thread.sleep(3000);
        double idlePerSecond =
            (redis.commandCalls("publish") - idle0) * 1e9 / (System.nanoTime() - idleT0);
        long[] single = new long[SINGLE_MESSAGES];
        long[] scripts = new long[SINGLE_MESSAGES];
        long[] xadds = new long[SINGLE_MESSAGES];
        for (int k = 0; k < SINGLE_MESSAGES; k++) {
          long before = redis.commandCalls("publish");
          long scriptsBefore = redis.commandCalls("evalsha") + redis.commandCalls("eval");
          long xaddBefore = redis.commandCalls("xadd");
          int m = send(k % SENDERS, System.nanoTime());
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
          while (!complete(m) && System.nanoTime() < deadline) {
            Thread.sleep(1);
          }
          single[k] = redis.commandCalls("publish") - before;
          scripts[k] = redis.commandCalls("evalsha") + redis.commandCalls("eval") - scriptsBefore;
          xadds[k] = redis.commandCalls("xadd") - xaddBefore;
        }
        Arrays.sort(single);
        Arrays.sort(scripts);
        Arrays.sort(xadds);

        // the fixed rate: SENDERS participants round-robin, RATE_PER_SENDER messages/s each
        long publishStart = redis.commandCalls("publish");
        int firstFixed = (int) next.get();
        long total = (long) SENDERS * RATE_PER_SENDER;
        long interval = 1_000_000_000L / total;
        long start = System.nanoTime();
        long warmEnd = start + o.latencyWarmup * 1_000_000_000L;
        long end = warmEnd + o.latencySeconds * 1_000_000_000L;
        long[] cpu0 = new long[NODES];
        long store0 = 0;
        long d0 = 0;
        long t0 = 0;
        int firstMeasured = -1;
        for (long i = 0; ; i++) {
          long due = start + i * interval;
          if (due >= end) {
            break;
          }
          if (firstMeasured < 0 && due >= warmEnd) {
            for (int n = 0; n < NODES; n++) {
              cpu0[n] = nodes[n].cpuNanos();
            }
            store0 = redis.cpuNanos();
            d0 = deliveries.sum();
            t0 = System.nanoTime();
            firstMeasured = (int) next.get();
            firstTimed = firstMeasured;
            latency.reset();
          }
          long wait = due - System.nanoTime();
          if (wait > 0) {
            LockSupport.parkNanos(wait);
          }
          send((int) (i % SENDERS), due); // the intended time: no coordinated omission
        }
        long[] cpu1 = new long[NODES];
        for (int n = 0; n < NODES; n++) {
          cpu1[n] = nodes[n].cpuNanos();
        }
        long store1 = redis.cpuNanos();
        long d1 = deliveries.sum();
        long t1 = System.nanoTime();
        int lastMeasured = (int) next.get();
        int sent = lastMeasured;
        // everything still on its way arrives (or is missing) within 15 s
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline && !allComplete(sent)) {
          Thread.sleep(20);
        }
        Thread.sleep(500); // a late duplicate would show now
        long publishEnd = redis.commandCalls("publish");
        Histogram h = latency.getIntervalHistogram();
        for (Member m : members) {
          m.ws.close();
        }

        double measured = lastMeasured - firstMeasured;
        double seconds = (t1 - t0) / 1e9;
        r.put("participants", (double) PARTICIPANTS);
        r.put("messages/s sent (fixed rate)", measured / seconds);
        r.put("deliveries/s to the other participants", (d1 - d0) / seconds);
        r.put("latency p50 to every other participant", h.getValueAtPercentile(50) / 1000.0);
        r.put("latency p99 to every other participant", h.getValueAtPercentile(99) / 1000.0);
        r.put("latency p99.9 to every other participant", h.getValueAtPercentile(99.9) / 1000.0);
        r.put("latency max to every other participant", h.getMaxValue() / 1000.0);
        r.put("deliveries timed", (double) h.getTotalCount());
        long cpuAll = 0;
        for (int n = 0; n < NODES; n++) {
          r.put("server CPU per message, node n" + n, (cpu1[n] - cpu0[n]) / 1000.0 / measured);
          cpuAll += cpu1[n] - cpu0[n];
        }
        r.put("server CPU per message, 3 nodes", cpuAll / 1000.0 / measured);
        r.put("server CPU per delivery, 3 nodes", cpuAll / 1000.0 / Math.max(1, d1 - d0));
        r.put("server CPU, % of a core, 3 nodes", 100.0 * cpuAll / (t1 - t0));
        r.put("redis-server CPU per message", (store1 - store0) / 1000.0 / measured);
        // counted from the first message at the fixed rate until every one has arrived: a window
        // of the run would also count the backlog of the one before it
        r.put(
            "PUBLISH per message, at the fixed rate",
            (publishEnd - publishStart) / (double) (sent - firstFixed));
        r.put("PUBLISH per message, sent alone, median", (double) single[SINGLE_MESSAGES / 2]);
        r.put("PUBLISH per message, sent alone, min", (double) single[0]);
        r.put("PUBLISH per message, sent alone, max", (double) single[SINGLE_MESSAGES - 1]);
        r.put("PUBLISH/s with nothing sent", idlePerSecond);
        // Lua scripts run (each one round trip: the conversation's read, the appends, locating the
        // nodes) and stream entries written (XADD inside the scripts), per message sent alone
        r.put(
            "scripts (EVAL/EVALSHA) per message, sent alone, median",
            (double) scripts[SINGLE_MESSAGES / 2]);
        r.put(
            "stream entries (XADD) per message, sent alone, median",
            (double) xadds[SINGLE_MESSAGES / 2]);
        // nothing lost: every acknowledged message reached the 49 others once and the sender's
        // socket once
        long ackedCount = 0;
        long missing = 0;
        long duplicates = 0;
        long incomplete = 0;
        long echoMissing = 0;
        for (int m = 0; m < sent; m++) {
          int others = toOthers.get(m);
          if (acked.get(m) == 1) {
            ackedCount++;
            if (others < PARTICIPANTS - 1) {
              missing += PARTICIPANTS - 1 - others;
              incomplete++;
            }
            if (toSender.get(m) < 1) {
              echoMissing++;
            }
          }
          duplicates += Math.max(0, others - (PARTICIPANTS - 1)) + Math.max(0, toSender.get(m) - 1);
        }
        r.put("messages sent", (double) sent);
        r.put("messages acknowledged", (double) ackedCount);
        r.put("failed replies", (double) failedReplies.get());
        r.put("acknowledged messages not at every other participant", (double) incomplete);
        r.put("deliveries missing", (double) missing);
        r.put("acknowledged messages not back at the sender's socket", (double) echoMissing);
        r.put("duplicate deliveries", (double) duplicates);
      }
      Thread.sleep(500);
      return r;
    }

    /**
     * Sends message number {@code next} from sender {@code senderIndex}, stamped {@code sentAt};
     * returns its number.
     */
    int send(int senderIndex, long sentAt) {
      int m = (int) next.getAndIncrement();
      if (m >= capacity) {
        throw new IllegalStateException("more messages than planned: " + m);
      }
      senderOf[m] = senderIndex;
      Member from = members.get(senderIndex);
      from.ws.send(from.prefix + sentAt + "/" + m + "\"},\"id\":" + (m + 1) + "}");
      return m;
    }

    boolean complete(int m) {
      return acked.get(m) != 0 && toOthers.get(m) >= PARTICIPANTS - 1 && toSender.get(m) >= 1;
    }

    boolean allComplete(int sent) {
      for (int m = 0; m < sent; m++) {
        if (!complete(m)) {
          return false;
        }
      }
      return true;
    }

    void received(Member at, String text) {
      int i = text.indexOf(MARK);
      if (i < 0) {
        return;
      }
      long t = 0;
      int k = i + MARK.length();
      for (; k < text.length() && text.charAt(k) != '/'; k++) {
        t = t * 10 + (text.charAt(k) - '0');
      }
      int m = 0;
      for (k++; k < text.length() && Character.isDigit(text.charAt(k)); k++) {
        m = m * 10 + (text.charAt(k) - '0');
      }
      if (m >= capacity) {
        return;
      }
      if (senderOf[m] == at.index) {
        toSender.incrementAndGet(m);
        return;
      }
      toOthers.incrementAndGet(m);
      deliveries.increment();
      if (m >= firstTimed) {
        latency.recordValue(Math.max(0, (System.nanoTime() - t) / 1000));
      }
    }

    void replied(String text) {
      int k = "{\"reply\":".length();
      int id = 0;
      for (; k < text.length() && Character.isDigit(text.charAt(k)); k++) {
        id = id * 10 + (text.charAt(k) - '0');
      }
      if (text.contains("\"ok\":true") && id >= 1 && id <= capacity) {
        acked.set(id - 1, 1);
      } else if (failedReplies.incrementAndGet() <= 5) {
        System.err.println(NAME + " " + mode + ": failed reply: " + text);
      }
    }
  }

  /** One participant: one native-protocol socket. */
  private static final class Member implements Ws.Handler {
    final Run run;
    final int index;
    final String user;
    final String token;
    final CompletableFuture<Member> connected = new CompletableFuture<>();
    volatile Ws ws;
    volatile String prefix;

    Member(Run run, int index, String user, String token) {
      this.run = run;
      this.index = index;
      this.user = user;
      this.token = token;
    }

    @Override
    public void onText(Ws socket, String text) {
      if (text.startsWith(EVENT)) {
        run.received(this, text);
      } else if (text.startsWith("{\"reply\":")) {
        run.replied(text);
      } else if (text.startsWith("{\"type\":\"connected\"")) {
        connected.complete(this);
      } else if (text.startsWith("{\"type\":\"error\"")) {
        connected.completeExceptionally(new IllegalStateException(user + " refused: " + text));
      }
    }

    @Override
    public void onClose(Ws socket, int code) {
      connected.completeExceptionally(new IllegalStateException(user + " closed " + code));
    }
  }

  static String unit(String metric) {
    if (metric.startsWith("PUBLISH/s") || metric.contains("/s ")) {
      return "per s";
    }
    if (metric.startsWith("PUBLISH") || metric.startsWith("scripts")) {
      return "calls";
    }
    if (metric.contains("% of a core")) {
      return "%";
    }
    if (metric.contains("CPU per")) {
      return "µs";
    }
    if (metric.startsWith("latency")) {
      return "ms";
    }
    return "count";
  }

  private static String json(List<Result> rows, String machine, String args) {
    StringBuilder b =
        new StringBuilder("{\n  \"scenario\": \"conversation fan-out (")
            .append(PARTICIPANTS)
            .append(" participants, ")
            .append(NODES)
            .append(" nodes)\",\n  \"date\": \"")
            .append(Instant.now())
            .append("\",\n  \"machine\": \"")
            .append(machine.replace("\"", "'"))
            .append("\",\n  \"arguments\": \"")
            .append(args.replace("\"", "'"))
            .append("\",\n  \"load\": \"")
            .append(SENDERS)
            .append(" senders x ")
            .append(RATE_PER_SENDER)
            .append(" msg/s, native protocol, participant i on node i mod 3\",\n")
            .append(
                "  \"columns\": {\"value\": \"recovery on (the builder's default: messages kept in every")
            .append(
                " participant's stream)\", \"baseline\": \"recovery(false)\"},\n  \"figures\": ")
            .append(Result.json(rows, machine, args).trim().replace("\n", "\n  "))
            .append("\n}\n");
    return b.toString();
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return f[0] + ", " + f[1] + ", " + f[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static void closeAll(List<AutoCloseable> started) {
    synchronized (started) {
      for (int i = started.size() - 1; i >= 0; i--) {
        try {
          started.get(i).close();
        } catch (Exception e) {
          System.err.println(NAME + ": stopping " + started.get(i) + ": " + e);
        }
      }
      started.clear();
    }
  }
}
