package io.realtimekit.examples;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.realtimekit.Realtime;
import io.realtimekit.RealtimeBuilder;
import io.realtimekit.application.clientevent.Caller;
import io.realtimekit.application.clientevent.RoleGuard;
import io.realtimekit.domain.NodeId;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserIdScope;
import io.realtimekit.domain.assignment.AssignmentPolicies;
import io.realtimekit.infrastructure.auth.HmacTokenIssuer;
import io.realtimekit.infrastructure.auth.JwtTokenVerifier;
import io.realtimekit.jetty.RealtimeJetty;
import io.realtimekit.jetty.RealtimeServer;
import io.realtimekit.micrometer.MicrometerRealtimeMetrics;
import io.realtimekit.redis.RedisClusterEngine;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The example server: {@code java -XX:+UseSerialGC -Xmx512m -Xmn64m -jar
 * examples/target/realtime-example.jar} (the JVM options keep the process near its live heap: see
 * the README).
 *
 * <p>Environment: {@code PORT} (default 8080), {@code HOST} (the interface to listen on, default
 * {@code 127.0.0.1}; {@code 0.0.0.0} for every one), {@code REALTIME_DEV_TOKENS} ({@code on} or
 * {@code off}; unset, {@code /dev/token} is served only on a loopback {@code HOST}), {@code
 * REALTIME_JWT_SECRET} (HS256 secret, at least 32 bytes; when unset a random one is generated and a
 * warning printed, so tokens do not survive a restart), {@code REALTIME_ALLOWED_ORIGINS}
 * (comma-separated; empty allows every origin), {@code NODE_ID} (optional), {@code
 * REALTIME_ASSIGNMENT} ({@code off}, {@code offer-all}, {@code round-robin}, {@code least-loaded};
 * default {@code least-loaded}), {@code REDIS_URL} (turns on cluster mode: several example servers
 * on one Redis serve one chat), {@code REALTIME_EVENTS_PER_SECOND} and {@code REALTIME_EVENT_BURST}
 * (the per-connection rate limit of client events; default the library's, 50 and 100), {@code
 * REALTIME_RECOVERY} ({@code on}, the default, or {@code off}: message continuity, the per-user
 * streams of kept events with their offsets and the {@code recover} handshake; {@code off} keeps no
 * stream and sends the frames without offsets; anything else is a configuration error), {@code
 * REALTIME_USER_IDS} ({@code global}, the default, or {@code per-company}: a user is its company
 * and its {@code sub}, shown as {@code companyId/sub}; anything else is a configuration error).
 * Serves {@code /realtime}, Socket.IO at {@code /socket.io/}, {@code /health}, {@code /metrics}
 * (Prometheus text), the demo page at {@code /} and, when turned on, {@code /dev/token} (demo
 * tokens: demos only).
 */
public final class ExampleServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ExampleServer.class);

  private final Realtime realtime;
  private final RealtimeServer server;
  private final RedisClusterEngine cluster;

  private ExampleServer(Realtime realtime, RealtimeServer server, RedisClusterEngine cluster) {
    this.realtime = realtime;
    this.server = server;
    this.cluster = cluster;
  }

  /** Starts from the process environment and serves until the JVM stops. */
  public static void main(String[] args) throws Exception {
    ExampleServer example = start(System.getenv());
    Runtime.getRuntime()
        .addShutdownHook(new Thread(example::closeQuietly, "realtime-example-shutdown"));
    example.server.join();
  }

  /** Starts from {@code env} (the variables above); {@code PORT=0} picks a free port. */
  public static ExampleServer start(Map<String, String> env) throws Exception {
    int port = Integer.parseInt(env.getOrDefault("PORT", "8080").trim());
    String host = env.getOrDefault("HOST", "127.0.0.1").trim();
    boolean devTokens = DevTokenSwitch.enabled(env, host);
    byte[] secret = secret(env.get("REALTIME_JWT_SECRET"));
    Set<String> origins =
        Arrays.stream(env.getOrDefault("REALTIME_ALLOWED_ORIGINS", "").split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .collect(Collectors.toUnmodifiableSet());
    String nodeId = env.get("NODE_ID");
    String assignment = env.getOrDefault("REALTIME_ASSIGNMENT", "least-loaded").trim();
    String redisUrl = env.get("REDIS_URL");
    String eventsPerSecond = env.get("REALTIME_EVENTS_PER_SECOND");
    String eventBurst = env.get("REALTIME_EVENT_BURST");
    boolean recovery = recovery(env);
    UserIdScope userIds = userIds(env);

    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    MicrometerRealtimeMetrics metrics = new MicrometerRealtimeMetrics(prometheus);
    RealtimeBuilder builder =
        Realtime.builder()
            .tokenVerifier(JwtTokenVerifier.hmac(secret).build())
            .allowedOrigins(origins)
            .recovery(recovery)
            .userIds(userIds)
            .metrics(metrics);
    if (nodeId != null && !nodeId.isBlank()) {
      builder.nodeId(NodeId.of(nodeId.trim()));
    }
    if (eventsPerSecond != null && !eventsPerSecond.isBlank()) {
      builder.eventsPerSecond(Integer.parseInt(eventsPerSecond.trim()));
    }
    if (eventBurst != null && !eventBurst.isBlank()) {
      builder.eventBurst(Integer.parseInt(eventBurst.trim()));
    }
    if (!assignment.equals("off")) {
      builder.assignment(AssignmentPolicies.named(assignment));
    }
    RedisClusterEngine cluster = null;
    if (redisUrl != null && !redisUrl.isBlank()) {
      RedisClusterEngine.Builder engine = RedisClusterEngine.builder().redisUri(redisUrl.trim());
      if (nodeId != null && !nodeId.isBlank()) {
        engine.nodeId(NodeId.of(nodeId.trim()));
      }
      cluster = engine.build();
      builder = cluster.configure(builder);
    }
    Realtime realtime = builder.build();
    metrics.bindConnections(realtime);
    registerDemoEvents(realtime);
    if (cluster != null) {
      cluster.start(realtime);
    }
    realtime.start();
    RealtimeServer server;
    try {
      RealtimeJetty.Builder jetty =
          RealtimeJetty.builder(realtime)
              .host(host)
              .port(port)
              .staticResources("static")
              .servlet("/metrics", new MetricsServlet(prometheus))
              .socketIo(true); // Socket.IO clients at /socket.io/, beside the native /realtime
      if (devTokens) {
        jetty.servlet("/dev/token", new DevTokenServlet(new HmacTokenIssuer(secret)));
      }
      server = jetty.start();
    } catch (Exception e) {
      if (cluster != null) {
        cluster.close();
      }
      realtime.close();
      throw e;
    }
    if (devTokens) {
      log.warn(
          "/dev/token is ON: it mints tokens for anyone, FOR DEMOS ONLY. Never expose it in"
              + " production ({}=off turns it off).",
          DevTokenSwitch.VARIABLE);
    } else {
      log.info("/dev/token is off ({}=on turns it on, for demos only)", DevTokenSwitch.VARIABLE);
    }
    log.info(
        "realtime example on {} (node {}, origins {}, assignment {}, recovery {}, user ids {}, {}):"
            + " demo page {}",
        server.uri(),
        realtime.nodeId(),
        origins.isEmpty() ? "any" : origins,
        assignment,
        recovery ? "on" : "off",
        userIds == UserIdScope.GLOBAL ? "global" : "per company",
        cluster == null ? "single node" : "cluster mode on Redis",
        server.httpUri());
    return new ExampleServer(realtime, server, cluster);
  }

  /**
   * A host-defined client event of the reference product, registered through the public API: a
   * visitor asks for a chat; every commercial of its company is told, and the visitor learns its
   * assignment or its place in the queue.
   */
  static void registerDemoEvents(Realtime realtime) {
    realtime.on(
        "visitor:open-chat",
        RoleGuard.anyOf(Role.VISITOR),
        ctx -> {
          Caller visitor = ctx.caller();
          Object topic =
              ctx.data().isObject() && ctx.data().hasNonNull("topic")
                  ? ctx.data().get("topic").asText()
                  : "";
          realtime.notifyRole(
              visitor.companyId(),
              Role.COMMERCIAL,
              "visitor:wants-chat",
              Map.of("visitorId", visitor.userId().value(), "topic", topic));
          Map<String, Object> status = new LinkedHashMap<>();
          realtime
              .assignmentOf(visitor.companyId(), visitor.userId())
              .ifPresent(c -> status.put("commercialId", c.value()));
          int position = realtime.queue(visitor.companyId()).indexOf(visitor.userId());
          if (position >= 0) {
            status.put("position", position + 1);
          }
          ctx.reply(status);
        });
  }

  /** The running server. */
  public RealtimeServer server() {
    return server;
  }

  /** The running {@link Realtime}. */
  public Realtime realtime() {
    return realtime;
  }

  /** Stops the server (1001 to every socket), then the cluster engine and the {@link Realtime}. */
  @Override
  public void close() throws Exception {
    try {
      server.close();
    } finally {
      if (cluster != null) {
        cluster.close();
      }
      realtime.close();
    }
  }

  private void closeQuietly() {
    try {
      close();
    } catch (Exception e) {
      log.warn("shutdown: {}", e.toString());
    }
  }

  /**
   * {@code REALTIME_RECOVERY}: {@code on} (also when unset or blank) or {@code off}, in any case;
   * anything else is refused at start-up rather than guessed.
   */
  static boolean recovery(Map<String, String> env) {
    String value = env.getOrDefault("REALTIME_RECOVERY", "").trim().toLowerCase(Locale.ROOT);
    return switch (value) {
      case "", "on" -> true;
      case "off" -> false;
      default ->
          throw new IllegalArgumentException(
              "REALTIME_RECOVERY must be on or off, not '"
                  + env.get("REALTIME_RECOVERY").trim()
                  + "'");
    };
  }

  /**
   * {@code REALTIME_USER_IDS}: {@code global} (also when unset or blank) or {@code per-company}, in
   * any case; anything else is refused at start-up rather than guessed.
   */
  static UserIdScope userIds(Map<String, String> env) {
    String value = env.getOrDefault("REALTIME_USER_IDS", "").trim().toLowerCase(Locale.ROOT);
    return switch (value) {
      case "", "global" -> UserIdScope.GLOBAL;
      case "per-company" -> UserIdScope.PER_COMPANY;
      default ->
          throw new IllegalArgumentException(
              "REALTIME_USER_IDS must be global or per-company, not '"
                  + env.get("REALTIME_USER_IDS").trim()
                  + "'");
    };
  }

  private static byte[] secret(String configured) {
    if (configured == null || configured.isBlank()) {
      byte[] random = new byte[32];
      new SecureRandom().nextBytes(random);
      log.warn(
          "REALTIME_JWT_SECRET is not set: using a random secret; tokens from another process or a"
              + " previous run will be refused. Set it (at least 32 bytes) in any real deployment.");
      return random;
    }
    byte[] bytes = configured.getBytes(StandardCharsets.UTF_8);
    if (bytes.length < JwtTokenVerifier.MIN_SECRET_BYTES) {
      throw new IllegalArgumentException(
          "REALTIME_JWT_SECRET must be at least " + JwtTokenVerifier.MIN_SECRET_BYTES + " bytes");
    }
    return bytes;
  }
}
