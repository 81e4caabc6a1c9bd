package io.realtimekit.bench.run;

import io.realtimekit.bench.load.NioWsClient;
import io.realtimekit.bench.load.WsClient;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import io.realtimekit.infrastructure.auth.HmacTokenIssuer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * One load-generator process of the {@code cluster} scenario ({@link ClusterScenario}): {@code java
 * -cp realtime-bench.jar io.realtimekit.bench.run.ClusterAgent <source address>}, the HS256 secret
 * (hex) in the environment variable {@code RTK_BENCH_SECRET}. Every socket binds to the source
 * address (127.0.0.2, 127.0.0.3, ...: one per process, so that no two processes compete for the
 * ephemeral ports of one address). It prints {@code READY}, then answers one line on stdout per
 * command line read from stdin:
 *
 * <ul>
 *   <li>{@code CONNECT prefix=P pairs=K idle=I first=F window=W nodes=URI,URI,...}: K chat pairs
 *       (visitor and commercial of one company, on consecutive nodes: always two different ones)
 *       and I idle visitors (100 a company), the connection of global index g on node g mod n,
 *       starting at F; at most W handshakes in flight. Answer {@code CONNECTED ok=.. failed=..
 *       millis=.. perNode=c0,c1,..}.
 *   <li>{@code CHAT warmup=S seconds=S rate=R}: every member of a connected pair sends {@code
 *       chat:message} to the other R times a second, evenly spaced, stamped with its intended send
 *       time; latencies of messages stamped after the warm-up are recorded. Then it waits (30 s at
 *       most) until every message is answered and every acknowledged one received. Answer {@code
 *       CHATTED sent=.. acked=.. failed=.. received=.. hist=<base64 HdrHistogram, µs>}.
 *   <li>{@code COUNT}: answer {@code OPEN open=.. closed=..} (sockets connected and still open;
 *       sockets that closed after connecting).
 *   <li>{@code QUIT}: closes every socket and exits.
 * </ul>
 */
public final class ClusterAgent {
  private static final Duration AUTH_TIMEOUT = Duration.ofSeconds(90);

  private final HmacTokenIssuer issuer;
  private final WsClient client;
  private final AtomicLong failedReplies = new AtomicLong();
  private final List<Peer> peers = new ArrayList<>();
  private final List<Peer> chatters = new ArrayList<>();
  private final LongAdder closedAfterConnect = new LongAdder();
  private final AtomicLong closesShown = new AtomicLong();

  private ClusterAgent(byte[] secret, InetAddress source) {
    this.issuer = new HmacTokenIssuer(secret);
    this.client = new NioWsClient(List.of(source), 1);
  }

  public static void main(String[] args) throws Exception {
    InetAddress source = InetAddress.getByName(args[0]);
    byte[] secret = HexFormat.of().parseHex(System.getenv("RTK_BENCH_SECRET"));
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    ClusterAgent agent = new ClusterAgent(secret, source);
    out.println("READY");
    try {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String[] words = line.trim().split(" ");
        Map<String, String> a = new HashMap<>();
        for (int i = 1; i < words.length; i++) {
          int eq = words[i].indexOf('=');
          a.put(words[i].substring(0, eq), words[i].substring(eq + 1));
        }
        switch (words[0]) {
          case "CONNECT" -> out.println(agent.connect(a));
          case "CHAT" -> out.println(agent.chat(a));
          case "COUNT" -> out.println(agent.count());
          case "QUIT" -> {
            return;
          }
          default -> out.println("ERROR unknown command " + words[0]);
        }
      }
    } finally {
      agent.client.close();
      System.exit(0);
    }
  }

  private String token(String user, CompanyId company, Role role) {
    return issuer.issue(UserId.of(user), company, Set.of(role), Duration.ofHours(3));
  }

  private String connect(Map<String, String> a) throws InterruptedException {
    String prefix = a.get("prefix");
    int pairs = Integer.parseInt(a.get("pairs"));
    int idle = Integer.parseInt(a.get("idle"));
    long first = Long.parseLong(a.get("first"));
    int window = Integer.parseInt(a.get("window"));
    String[] nodes = a.get("nodes").split(",");
    List<Peer> batch = new ArrayList<>();
    List<Integer> nodeOf = new ArrayList<>();
    for (int i = 0; i < pairs; i++) {
      CompanyId company = CompanyId.of(UUID.randomUUID());
      Peer v = peer(prefix + "a" + i, company, Role.VISITOR);
      Peer c = peer(prefix + "b" + i, company, Role.COMMERCIAL);
      v.pairWith(c);
      c.pairWith(v);
      batch.add(v);
      batch.add(c);
    }
    CompanyId company = null;
    for (int i = 0; i < idle; i++) {
      if (i % 100 == 0) {
        company = CompanyId.of(UUID.randomUUID());
      }
      batch.add(peer(prefix + "v" + i, company, Role.VISITOR));
    }
    for (int i = 0; i < batch.size(); i++) {
      nodeOf.add((int) ((first + i) % nodes.length));
    }
    Semaphore inFlight = new Semaphore(window);
    long start = System.nanoTime();
    for (int i = 0; i < batch.size(); i++) {
      Peer p = batch.get(i);
      if (!inFlight.tryAcquire(AUTH_TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS)) {
        System.err.println("connects stalled at " + i + " of " + batch.size());
        for (int k = i; k < batch.size(); k++) {
          batch.get(k).connected.completeExceptionally(new IllegalStateException("not tried"));
        }
        break;
      }
      p.connected.orTimeout(AUTH_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      p.connected.whenComplete((x, e) -> inFlight.release());
      client
          .connect(URI.create(nodes[nodeOf.get(i)]), p)
          .whenComplete(
              (ws, e) -> {
                if (e != null) {
                  p.connected.completeExceptionally(e);
                } else {
                  p.ws = ws;
                  p.onOpen(ws);
                }
              });
    }
    int ok = 0;
    int failed = 0;
    int[] perNode = new int[nodes.length];
    for (int i = 0; i < batch.size(); i++) {
      Peer p = batch.get(i);
      try {
        p.connected.join();
        ok++;
        perNode[nodeOf.get(i)]++;
      } catch (RuntimeException e) {
        if (failed++ < 5) {
          System.err.println("connect of " + p.userId + " failed: " + e.getCause());
        }
      }
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    peers.addAll(batch);
    for (int i = 0; i < 2 * pairs; i += 2) {
      Peer v = batch.get(i);
      Peer c = batch.get(i + 1);
      if (open(v) && open(c)) {
        chatters.add(v);
        chatters.add(c);
      }
    }
    StringBuilder nodeCounts = new StringBuilder();
    for (int n : perNode) {
      nodeCounts.append(nodeCounts.length() == 0 ? "" : ",").append(n);
    }
    return "CONNECTED ok="
        + ok
        + " failed="
        + failed
        + " millis="
        + millis
        + " chatters="
        + chatters.size()
        + " perNode="
        + nodeCounts;
  }

  private Peer peer(String user, CompanyId company, Role role) {
    Peer p = new Peer(user, token(user, company, role), Protocol.NATIVE, failedReplies);
    p.onClosed =
        code -> {
          if (p.connected.isDone() && !p.connected.isCompletedExceptionally()) {
            closedAfterConnect.increment();
            if (closesShown.incrementAndGet() <= 5) {
              System.err.println(p.userId + " closed with " + code + " after connecting");
            }
          }
        };
    return p;
  }

  private static boolean open(Peer p) {
    return p.connected.isDone() && !p.connected.isCompletedExceptionally();
  }

  private String chat(Map<String, String> a) throws InterruptedException {
    int warmup = Integer.parseInt(a.get("warmup"));
    int seconds = Integer.parseInt(a.get("seconds"));
    int rate = Integer.parseInt(a.get("rate"));
    Recorder latency = new Recorder(3);
    LongAdder received = new LongAdder();
    long start = System.nanoTime() + 100_000_000L;
    long measureFrom = start + warmup * 1_000_000_000L;
    long end = measureFrom + seconds * 1_000_000_000L;
    for (Peer p : chatters) {
      p.onChat =
          t -> {
            received.increment();
            if (t >= measureFrom) {
              latency.recordValue(Math.max(0, (System.nanoTime() - t) / 1000));
            }
          };
    }
    long sent = 0;
    if (!chatters.isEmpty()) {
      long interval = 1_000_000_000L / ((long) chatters.size() * rate);
      for (long i = 0; ; i++) {
        long due = start + i * interval;
        if (due >= end) {
          break;
        }
        long wait = due - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
        chatters.get((int) (i % chatters.size())).sendChat(due); // intended time: no omission
        sent++;
      }
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline
        && (acked() + failedReplies.get() < sent || received.sum() < acked())) {
      Thread.sleep(50);
    }
    Histogram h = latency.getIntervalHistogram();
    ByteBuffer buf = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
    h.encodeIntoCompressedByteBuffer(buf);
    buf.flip();
    byte[] bytes = new byte[buf.remaining()];
    buf.get(bytes);
    return "CHATTED sent="
        + sent
        + " acked="
        + acked()
        + " failed="
        + failedReplies.get()
        + " received="
        + received.sum()
        + " hist="
        + Base64.getEncoder().encodeToString(bytes);
  }

  private long acked() {
    long sum = 0;
    for (Peer p : chatters) {
      sum += p.okReplies.sum();
    }
    return sum;
  }

  private String count() {
    long connected = peers.stream().filter(ClusterAgent::open).count();
    long closed = closedAfterConnect.sum();
    return "OPEN open=" + (connected - closed) + " closed=" + closed;
  }

  /** Decodes the {@code hist=} of a {@code CHATTED} answer. */
  static Histogram histogram(String base64) {
    try {
      return Histogram.decodeFromCompressedByteBuffer(
          ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0);
    } catch (DataFormatException e) {
      throw new IllegalArgumentException("not a compressed HdrHistogram", e);
    }
  }
}
