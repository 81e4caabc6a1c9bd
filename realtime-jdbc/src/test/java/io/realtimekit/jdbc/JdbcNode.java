package io.realtimekit.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.realtimekit.Realtime;
import io.realtimekit.domain.NodeId;
import io.realtimekit.domain.assignment.AssignmentPolicies;
import io.realtimekit.domain.event.DomainEvent;
import io.realtimekit.infrastructure.auth.HmacTokenIssuer;
import io.realtimekit.infrastructure.auth.JwtTokenVerifier;
import io.realtimekit.jetty.RealtimeJetty;
import io.realtimekit.jetty.RealtimeServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * One node as a host would run it on PostgreSQL: a pool, the JDBC repositories and node leases,
 * assignment on (least loaded) with its floors in the database, short liveness settings, served by
 * Jetty on a free loopback port. The crash test runs one in a child JVM ({@link JdbcNodeMain}) and
 * one in process.
 */
final class JdbcNode implements AutoCloseable {
  static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
  static final HmacTokenIssuer ISSUER = new HmacTokenIssuer(SECRET);
  static final Duration LEASE = Duration.ofSeconds(1);
  static final Duration HEARTBEAT = Duration.ofMillis(200);
  static final Duration GRACE = Duration.ofMillis(500);

  final HikariDataSource pool;
  final ExecutorService executor = Executors.newFixedThreadPool(4);
  final Realtime realtime;
  final RealtimeServer server;
  final List<DomainEvent> events = new CopyOnWriteArrayList<>();

  /**
   * Builds and starts a node.
   *
   * @param jdbcUrl the database (migrated)
   * @param nodeId this node's id
   */
  JdbcNode(String jdbcUrl, NodeId nodeId) throws Exception {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setUsername(PostgresProcess.DB_USER);
    config.setMaximumPoolSize(6);
    config.setMinimumIdle(0);
    config.setConnectionTimeout(10_000);
    config.setPoolName("rtk-node-" + nodeId.value());
    pool = new HikariDataSource(config);
    try {
      JdbcRepositories store = JdbcRepositories.builder(pool).build();
      realtime =
          Realtime.builder()
              .tokenVerifier(JwtTokenVerifier.hmac(SECRET).build())
              .nodeId(nodeId)
              .repository(store.connections())
              .salesFloors(store.salesFloors())
              .nodeLeases(store.nodeLeases())
              .nodeLeaseTtl(LEASE)
              .nodeHeartbeat(HEARTBEAT)
              .gracePeriod(GRACE)
              .assignment(AssignmentPolicies.leastLoaded())
              .applicationExecutor(executor)
              .build();
      realtime.subscribe(DomainEvent.class, events::add);
      realtime.start();
      server = RealtimeJetty.builder(realtime).host("127.0.0.1").port(0).start();
    } catch (Exception | Error e) {
      closeQuietly();
      throw e;
    }
  }

  URI uri() {
    return server.uri();
  }

  <E extends DomainEvent> List<E> events(Class<E> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  @Override
  public void close() throws Exception {
    try {
      server.stop();
    } finally {
      closeQuietly();
    }
  }

  private void closeQuietly() {
    if (realtime != null) {
      realtime.close();
    }
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    pool.close();
  }
}
