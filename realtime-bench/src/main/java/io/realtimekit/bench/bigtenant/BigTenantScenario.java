package io.realtimekit.bench.bigtenant;

import io.realtimekit.bench.load.Ws;
import io.realtimekit.bench.load.WsClient;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import io.realtimekit.infrastructure.auth.HmacTokenIssuer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Scenario {@value #NAME} ("one big tenant", issue 18), one server process, one run:
 *
 * <ol>
 *   <li>100 bystander companies, each a commercial sending its visitor 2 chat messages/s, run
 *       throughout (their delivery latency is recorded);
 *   <li>5,000 visitors spread over 100 companies connect as fast as they can (after one unmeasured
 *       warm-up round of the same), with 20 commercials in 20 of those companies, then leave:
 *       connects/s spread out;
 *   <li>10 s of bystander chat: the p99 before the spike;
 *   <li>20 commercials of one company, then 5,000 visitors of that company connect as fast as they
 *       can: connects/s of the big tenant (the ratio to the spread-out figure), the bystanders' p99
 *       during the spike, and how long until every visitor had its decision (assigned or queued);
 *   <li>4,000 of the big tenant's visitors (chosen at random) leave: the time until the queue is
 *       exact, i.e. it holds exactly the remaining waiting visitors and each was last told its true
 *       position, polled every 20 ms.
 * </ol>
 *
 * Writes {@code bigtenant.json} into the output directory and returns the figures by metric.
 */
public final class BigTenantScenario {
  /** The scenario's name on the command line. */
  public static final String NAME = "bigtenant";

  static final int VISITORS = 5_000;
  static final int COMMERCIALS = 20;
  static final int BYSTANDERS = 100;
  static final int LEAVING = 4_000;
  static final int WINDOW = 128;
  static final Duration GRACE = Duration.ofMillis(200);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final HmacTokenIssuer issuer;
  private final byte[] secret;
  private final String clientKind;
  private final Recorder chatLatency = new Recorder(3);
  private final AtomicLong chatSent = new AtomicLong();
  private final AtomicLong chatReceived = new AtomicLong();

  private final String jfrDir;

  private BigTenantScenario(byte[] secret, String clientKind, String jfrDir) {
    this.secret = secret;
    this.jfrDir = jfrDir;
    this.issuer = new HmacTokenIssuer(secret);
    this.clientKind = clientKind;
  }

  /**
   * Runs the scenario and writes {@code out/bigtenant.json}.
   *
   * @param secret the HS256 secret shared with the server
   * @param out the results directory
   * @param clientKind the load generator's WebSocket client ({@code nio}, {@code jetty}, {@code
   *     jdk})
   * @param jfrDir where to record a JFR profile of the server ({@code --jfr}), or null
   * @return the figures by metric name
   */
  public static Map<String, Double> run(byte[] secret, String out, String clientKind, String jfrDir)
      throws Exception {
    Map<String, Double> r = new BigTenantScenario(secret, clientKind, jfrDir).go(Path.of(out));
    StringBuilder json =
        new StringBuilder("{\n  \"scenario\": \"one big tenant\",\n  \"date\": \"")
            .append(Instant.now())
            .append("\",\n  \"machine\": \"")
            .append(Runtime.getRuntime().availableProcessors())
            .append(" cores, Java ")
            .append(System.getProperty("java.version"))
            .append(", server and load generator on the same cores")
            .append("\",\n  \"setup\": \"")
            .append(VISITORS)
            .append(" visitors and ")
            .append(COMMERCIALS)
            .append(" commercials (capacity 3, least-loaded) in one company; ")
            .append(BYSTANDERS)
            .append(" bystander companies chatting at 2 msg/s each; ")
            .append(WINDOW)
            .append(" handshakes in flight; grace period ")
            .append(GRACE.toMillis())
            .append(" ms; client ")
            .append(clientKind)
            .append("\",\n  \"results\": {\n");
    int i = 0;
    for (Map.Entry<String, Double> e : r.entrySet()) {
      json.append("    \"")
          .append(e.getKey())
          .append("\": ")
          .append(String.format(Locale.ROOT, "%.3f", e.getValue()))
          .append(++i < r.size() ? ",\n" : "\n");
    }
    json.append("  }\n}\n");
    Files.createDirectories(Path.of(out));
    Files.writeString(Path.of(out, "bigtenant.json"), json.toString());
    System.out.println(json);
    return r;
  }

  private String token(String user, CompanyId company, Role role) {
    return issuer.issue(UserId.of(user), company, Set.of(role), Duration.ofHours(2));
  }

  private Map<String, Double> go(Path out) throws Exception {
    Map<String, Double> r = new LinkedHashMap<>();
    Process server = startServer(out);
    ScheduledExecutorService ticker =
        Executors.newSingleThreadScheduledExecutor(
            t -> {
              Thread th = new Thread(t, "bigtenant-chat");
              th.setDaemon(true);
              return th;
            });
    try (WsClient client = WsClient.create(clientKind, 1)) {
      URI ws = URI.create("ws://127.0.0.1:" + port + "/realtime");

      // 1. the bystanders: commercial b_i chats to visitor a_i of company i, 2 messages/s each
      List<User> agents = new ArrayList<>();
      List<User> guests = new ArrayList<>();
      for (int i = 0; i < BYSTANDERS; i++) {
        CompanyId c = CompanyId.of(UUID.randomUUID());
        agents.add(new User("b" + i, token("b" + i, c, Role.COMMERCIAL)));
        guests.add(new User("a" + i, token("a" + i, c, Role.VISITOR)));
      }
      connectAll(client, ws, agents);
      connectAll(client, ws, guests);
      awaitDecisions(guests, System.nanoTime(), Duration.ofSeconds(30));
      long[] tick = {0};
      ticker.scheduleAtFixedRate(
          () -> {
            // 200 messages/s: each tick (every 10 ms) two pairs send
            for (int k = 0; k < 2; k++) {
              int i = (int) (tick[0]++ % BYSTANDERS);
              agents
                  .get(i)
                  .send(
                      "{\"event\":\"chat:message\",\"data\":{\"to\":\"a"
                          + i
                          + "\",\"message\":\"t="
                          + System.nanoTime()
                          + "\"}}");
              chatSent.incrementAndGet();
            }
          },
          0,
          10,
          TimeUnit.MILLISECONDS);
      Thread.sleep(5_000);

      // 2. spread out, the same population (5,000 visitors, 20 commercials) over 100 companies: a
      // warm-up round, then the measured one
      for (int round = 0; round < 2; round++) {
        System.out.println("bigtenant: spread-out round " + round);
        List<User> spread = new ArrayList<>();
        List<User> spreadStaff = new ArrayList<>();
        List<CompanyId> companies = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
          companies.add(CompanyId.of(UUID.randomUUID()));
        }
        for (int i = 0; i < COMMERCIALS; i++) {
          String id = "s" + round + "-c" + i;
          spreadStaff.add(
              new User(id, token(id, companies.get(i * 100 / COMMERCIALS), Role.COMMERCIAL)));
        }
        for (int i = 0; i < VISITORS; i++) {
          String id = "s" + round + "-" + i;
          spread.add(new User(id, token(id, companies.get(i % 100), Role.VISITOR)));
        }
        connectAll(client, ws, spreadStaff);
        long start = System.nanoTime();
        long nanos = connectAll(client, ws, spread);
        if (round == 1) {
          r.put("spread-out connects/s", VISITORS * 1e9 / nanos);
          r.put(
              "spread-out time to every decision",
              awaitDecisions(spread, start, Duration.ofSeconds(120)) / 1e6);
        }
        spread.forEach(User::close);
        spreadStaff.forEach(User::close);
        // until the server has let them go (grace periods, presence): the bystanders' latency back
        // to normal
        Thread.sleep(5_000);
        settle();
      }

      // 3. the bystanders' latency before the spike
      System.out.println("bigtenant: before the spike");
      settle();
      chatLatency.getIntervalHistogram();
      Thread.sleep(10_000);
      Histogram before = chatLatency.getIntervalHistogram();
      r.put("bystanders p99 before", before.getValueAtPercentile(99) / 1000.0);

      // 4. the spike: 20 commercials, then 5,000 visitors of one company
      System.out.println("bigtenant: the spike");
      CompanyId big = CompanyId.of(UUID.randomUUID());
      List<User> staff = new ArrayList<>();
      for (int i = 0; i < COMMERCIALS; i++) {
        staff.add(new User("big-c" + i, token("big-c" + i, big, Role.COMMERCIAL)));
      }
      connectAll(client, ws, staff);
      List<User> crowd = new ArrayList<>();
      for (int i = 0; i < VISITORS; i++) {
        crowd.add(new User("big-v" + i, token("big-v" + i, big, Role.VISITOR)));
      }
      chatLatency.getIntervalHistogram();
      long spikeStart = System.nanoTime();
      long nanos = connectAll(client, ws, crowd);
      Histogram during = chatLatency.getIntervalHistogram();
      r.put("big tenant connects/s", VISITORS * 1e9 / nanos);
      r.put(
          "ratio big tenant / spread-out",
          r.get("big tenant connects/s") / r.get("spread-out connects/s"));
      r.put("bystanders p99 during the spike", during.getValueAtPercentile(99) / 1000.0);
      r.put(
          "ratio p99 during / before",
          r.get("bystanders p99 during the spike") / r.get("bystanders p99 before"));
      r.put(
          "big tenant time to every decision",
          awaitDecisions(crowd, spikeStart, Duration.ofSeconds(120)) / 1e6);
      r.put(
          "big tenant visitors assigned", (double) crowd.stream().filter(u -> u.assigned).count());
      r.put("spike duration", (System.nanoTime() - spikeStart) / 1e6);
      Thread.sleep(2_000);
      chatLatency.getIntervalHistogram();
      Thread.sleep(5_000);
      r.put(
          "bystanders p99 after the spike",
          chatLatency.getIntervalHistogram().getValueAtPercentile(99) / 1000.0);

      // 5. 4,000 leave: time until the queue is exact
      System.out.println("bigtenant: 4,000 leave");
      List<User> leaving = new ArrayList<>(crowd);
      Collections.shuffle(leaving, new Random(18));
      List<User> staying = new ArrayList<>(leaving.subList(LEAVING, VISITORS));
      leaving = leaving.subList(0, LEAVING);
      long leaveStart = System.nanoTime();
      leaving.forEach(User::close);
      long lastClose = System.nanoTime();
      long[] at = awaitExactQueue(big, staying, Duration.ofSeconds(60));
      r.put("time until the server has processed the departures", (at[0] - leaveStart) / 1e6);
      r.put("time to exact queue after the departures", (at[1] - leaveStart) / 1e6);
      r.put("time to exact positions once the departures are processed", (at[1] - at[0]) / 1e6);
      r.put(
          "time from the last close to the exact queue, grace period aside",
          Math.max(0, at[1] - lastClose - GRACE.toNanos()) / 1e6);
      r.put("chat messages lost", (double) (chatSent.get() - chatReceived.get()));
      ticker.shutdownNow();
      crowd.forEach(User::close);
      staff.forEach(User::close);
      agents.forEach(User::close);
      guests.forEach(User::close);
    } finally {
      ticker.shutdownNow();
      server.destroy();
      if (!server.waitFor(10, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    }
    r.forEach((k, v) -> System.out.printf(Locale.ROOT, "bigtenant %-62s %12.3f%n", k, v));
    return r;
  }

  private int port;

  private Process startServer(Path out) throws IOException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                "-Xms256m",
                "-XX:+UseG1GC",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"));
    if (jfrDir != null) {
      Files.createDirectories(Path.of(jfrDir));
      cmd.add(
          "-XX:StartFlightRecording=filename="
              + Path.of(jfrDir, "bigtenant-realtime.jfr").toAbsolutePath()
              + ",settings=profile,dumponexit=true");
    }
    cmd.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            BigTenantServer.class.getName(),
            "0",
            HexFormat.of().formatHex(secret),
            Long.toString(GRACE.toMillis())));
    Path log = out.resolve("logs").resolve("bigtenant-realtime.log");
    Files.createDirectories(log.getParent());
    Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
    BufferedReader stdout =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = stdout.readLine()) != null) {
      if (line.startsWith("READY ")) {
        port = Integer.parseInt(line.substring(6).trim());
        Thread drain =
            new Thread(
                () -> {
                  try {
                    while (stdout.readLine() != null) {
                      // discard
                    }
                  } catch (IOException ignored) {
                    // gone
                  }
                },
                "bigtenant-server-stdout");
        drain.setDaemon(true);
        drain.start();
        return p;
      }
    }
    p.destroyForcibly();
    throw new IOException("the big-tenant server did not start; see " + log);
  }

  /**
   * Connects every user, at most {@link #WINDOW} handshakes in flight; nanoseconds to the last
   * {@code connected}.
   */
  private static long connectAll(WsClient client, URI uri, List<User> users) throws Exception {
    Semaphore window = new Semaphore(WINDOW);
    long start = System.nanoTime();
    for (User u : users) {
      if (!window.tryAcquire(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("connects stalled");
      }
      u.connected.whenComplete((x, e) -> window.release());
      client
          .connect(uri, u)
          .whenComplete(
              (ws, e) -> {
                if (e != null) {
                  u.connected.completeExceptionally(e);
                } else {
                  u.ws = ws;
                  ws.send("{\"type\":\"connect\",\"token\":\"" + u.token + "\"}");
                }
              });
    }
    CompletableFuture.allOf(users.stream().map(u -> u.connected).toArray(CompletableFuture[]::new))
        .get(300, TimeUnit.SECONDS);
    long last = users.stream().mapToLong(u -> u.connectedAt).max().orElse(start);
    return last - start;
  }

  /**
   * Waits until every visitor was told its decision; nanoseconds from {@code start} to the last
   * one.
   */
  private static long awaitDecisions(List<User> visitors, long start, Duration within)
      throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (visitors.stream().anyMatch(u -> u.decidedAt == 0)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            visitors.stream().filter(u -> u.decidedAt == 0).count() + " visitors undecided");
      }
      Thread.sleep(10);
    }
    return Math.max(0, visitors.stream().mapToLong(u -> u.decidedAt).max().orElse(start) - start);
  }

  /**
   * Waits (at most 60 s) until the bystanders' chat latency is back under 100 ms for 2 s in a row.
   */
  private void settle() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    int calm = 0;
    chatLatency.getIntervalHistogram();
    while (calm < 4 && System.nanoTime() < deadline) {
      Thread.sleep(500);
      calm = chatLatency.getIntervalHistogram().getValueAtPercentile(99) < 100_000 ? calm + 1 : 0;
    }
  }

  /**
   * Polls the server's queue until it is exact for {@code staying}; returns when it first held no
   * departed visitor (the departures processed) and when it was exact (positions told too).
   */
  private long[] awaitExactQueue(CompanyId company, List<User> staying, Duration within)
      throws Exception {
    Map<String, User> byId = new LinkedHashMap<>();
    staying.forEach(u -> byId.put(u.id, u));
    long started = System.nanoTime();
    long deadline = started + within.toNanos();
    long reported = 0;
    long processed = 0;
    String last = "";
    while (System.nanoTime() < deadline) {
      long at = System.nanoTime();
      String body =
          HTTP.send(
                  HttpRequest.newBuilder(
                          URI.create(
                              "http://127.0.0.1:" + port + "/bench/queue?company=" + company))
                      .timeout(Duration.ofSeconds(10))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      List<String> queue = body.isEmpty() ? List.of() : List.of(body.split("\n"));
      if (processed == 0 && queue.stream().allMatch(byId::containsKey)) {
        processed = at;
      }
      String why = null;
      long waiting = staying.stream().filter(u -> !u.assigned).count();
      if (queue.size() != waiting) {
        why = "queue length " + queue.size() + ", waiting " + waiting;
      }
      for (int i = 0; why == null && i < queue.size(); i++) {
        User u = byId.get(queue.get(i));
        if (u == null) {
          why = queue.get(i) + " left but is queued";
        } else if (u.position != i + 1) {
          why = u.id + " told " + u.position + ", is " + (i + 1);
        }
      }
      if (why == null) {
        return new long[] {processed == 0 ? at : processed, at};
      }
      if (!why.equals(last) && (System.nanoTime() - reported) > 500_000_000L) {
        reported = System.nanoTime();
        System.out.printf(
            Locale.ROOT, "bigtenant: +%d ms not exact: %s%n", (at - started) / 1_000_000, why);
      }
      last = why;
      Thread.sleep(20);
    }
    throw new IllegalStateException("the queue was not exact after " + within + ": " + last);
  }

  /** One load-generator user; frames recognised by prefix, cheap enough for thousands. */
  private final class User implements Ws.Handler {
    final String id;
    final String token;
    final CompletableFuture<User> connected = new CompletableFuture<>();
    volatile Ws ws;
    volatile long connectedAt;
    volatile long decidedAt;
    volatile boolean assigned;
    volatile int position;

    User(String id, String token) {
      this.id = id;
      this.token = token;
    }

    void send(String text) {
      Ws w = ws;
      if (w != null) {
        w.send(text);
      }
    }

    void close() {
      Ws w = ws;
      if (w != null) {
        w.close();
      }
    }

    @Override
    public void onText(Ws socket, String text) {
      if (text.startsWith("{\"event\":\"chat:message\"")) {
        int i = text.indexOf("\"message\":\"t=");
        long t = 0;
        for (int k = i + 13; k < text.length() && Character.isDigit(text.charAt(k)); k++) {
          t = t * 10 + (text.charAt(k) - '0');
        }
        chatLatency.recordValue(Math.max(0, (System.nanoTime() - t) / 1000));
        chatReceived.incrementAndGet();
      } else if (text.startsWith("{\"event\":\"visitor:queued\"")) {
        int i = text.indexOf("\"position\":") + 11;
        int p = 0;
        for (int k = i; k < text.length() && Character.isDigit(text.charAt(k)); k++) {
          p = p * 10 + (text.charAt(k) - '0');
        }
        position = p;
        decided();
      } else if (text.startsWith("{\"event\":\"visitor:assigned\"")) {
        assigned = true;
        position = 0;
        decided();
      } else if (text.startsWith("{\"event\":\"visitor:unassigned\"")) {
        assigned = false;
      } else if (text.startsWith("{\"type\":\"connected\"")) {
        connectedAt = System.nanoTime();
        connected.complete(this);
      } else if (text.startsWith("{\"type\":\"error\"")) {
        connected.completeExceptionally(new IllegalStateException(id + " refused: " + text));
      }
    }

    private void decided() {
      if (decidedAt == 0) {
        decidedAt = System.nanoTime();
      }
    }

    @Override
    public void onClose(Ws socket, int code) {
      connected.completeExceptionally(new IllegalStateException(id + " closed " + code));
    }
  }
}
