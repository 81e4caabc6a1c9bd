package io.realtimekit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.zaxxer.hikari.HikariDataSource;
import io.realtimekit.Realtime;
import io.realtimekit.application.connection.ConnectUser;
import io.realtimekit.application.port.HealthCheck;
import io.realtimekit.application.port.NodeLeases;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Connection;
import io.realtimekit.domain.ConnectionId;
import io.realtimekit.domain.ConnectionUser;
import io.realtimekit.domain.Criteria;
import io.realtimekit.domain.DomainException;
import io.realtimekit.domain.ErrorCode;
import io.realtimekit.domain.NodeId;
import io.realtimekit.domain.RepositoryUnavailableException;
import io.realtimekit.domain.Result;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import io.realtimekit.domain.assignment.AssignmentPolicies;
import io.realtimekit.infrastructure.auth.JwtTokenVerifier;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A store that is down or too slow fails with the documented {@link RepositoryUnavailableException}
 * (code {@code UNAVAILABLE}), within a bound set by the query timeout and the pool's connection
 * timeout, and the same repository works again once the database is back.
 */
class JdbcOutageTest {
  private static final Instant T = Instant.parse("2030-01-01T00:00:00Z");

  /** Far above the timeouts configured here (1-2 s), far below a hang. */
  private static final Duration BOUND = Duration.ofSeconds(20);

  private PostgresProcess pg;
  private HikariDataSource pool;

  @AfterEach
  void tearDown() {
    if (pool != null) {
      pool.close();
    }
    if (pg != null) {
      pg.close();
    }
  }

  @Test
  void aDatabaseOnAClosedPortIsUnavailableAtOnce() {
    int closedPort = closedPort();
    PGSimpleDataSource plain = new PGSimpleDataSource();
    plain.setServerNames(new String[] {"127.0.0.1"});
    plain.setPortNumbers(new int[] {closedPort});
    plain.setUser("postgres");
    plain.setConnectTimeout(2);
    JdbcRepositories store =
        JdbcRepositories.builder(plain).queryTimeout(Duration.ofSeconds(1)).build();

    assertUnavailable(() -> store.connections().find(Criteria.any()));
    assertUnavailable(() -> store.salesFloors().load(CompanyId.of(UUID.randomUUID())));
    assertUnavailable(() -> store.nodeLeases().lapsed());
    assertUnavailable(() -> JdbcSchema.migrate(plain));
  }

  @Test
  void aStoppedDatabaseIsUnavailableWithinTheTimeoutsAndTheSameRepositoryRecovers() {
    pg = PostgresProcess.startNew();
    pool = Pools.pool(pg, 4, Duration.ofSeconds(1));
    JdbcRepositories store =
        JdbcRepositories.builder(pool).queryTimeout(Duration.ofSeconds(1)).build();
    store.migrate();
    CompanyId company = CompanyId.of(UUID.randomUUID());
    ConnectionUser user = online(company);
    store.connections().save(user);
    store
        .salesFloors()
        .update(
            company,
            f ->
                Result.ok(
                    f.commercialAvailable(
                        UserId.of("c1"), 2, AssignmentPolicies.leastLoaded(), T)));
    NodeId node = NodeId.of("n-" + UUID.randomUUID().toString().substring(0, 8));
    store.nodeLeases().renew(node, Duration.ofMinutes(5));
    assertThat(store.connections().check().up()).as("health before the outage").isTrue();

    pg.stop(); // an immediate stop: the pool's open connections are cut

    long checked = System.nanoTime();
    assertThat(store.connections().check())
        .isEqualTo(HealthCheck.Status.down("database unreachable"));
    assertThat(Duration.ofNanos(System.nanoTime() - checked)).isLessThan(BOUND);

    assertUnavailable(() -> store.connections().findOne(Criteria.byUserId(user.userId())));
    assertUnavailable(() -> store.connections().save(user));
    assertUnavailable(() -> store.connections().removeIfDisconnected(user.userId()));
    assertUnavailable(() -> store.connections().remove(user.userId()));
    assertUnavailable(() -> store.salesFloors().load(company));
    assertUnavailable(
        () ->
            store
                .salesFloors()
                .update(
                    company,
                    f ->
                        Result.ok(
                            f.visitorArrived(
                                UserId.of("v1"), AssignmentPolicies.leastLoaded(), T))));
    // the node's heartbeat fails and is retried: every lease call is unavailable, none hangs
    assertUnavailable(() -> store.nodeLeases().renew(node, Duration.ofMinutes(5)));
    assertUnavailable(() -> store.nodeLeases().lapsed());
    assertUnavailable(
        () -> store.nodeLeases().claimSweep(node, NodeId.of("other"), Duration.ofMinutes(5)));
    assertUnavailable(() -> store.nodeLeases().forget(node));
    assertUnavailable(() -> store.nodeLeases().release(node));

    pg.start();

    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .ignoreException(RepositoryUnavailableException.class)
        .untilAsserted(
            () ->
                assertThat(store.connections().findOne(Criteria.byUserId(user.userId())))
                    .contains(user));
    assertThat(store.salesFloors().load(company).seat(UserId.of("c1"))).isPresent();
    assertThat(store.connections().check().up()).as("health after the outage").isTrue();
    assertThat(store.nodeLeases().renew(node, Duration.ofMinutes(5)))
        .as("the lease outlived the outage")
        .isEqualTo(NodeLeases.Renewal.CONTINUED);
    assertThat(store.nodeLeases().lapsed()).doesNotContain(node);
  }

  @Test
  void throughTheCommandBusAnOutageIsAnUnavailableFailureNotAnInternalOne() {
    pg = PostgresProcess.startNew();
    pool = Pools.pool(pg, 4, Duration.ofSeconds(1));
    JdbcRepositories store =
        JdbcRepositories.builder(pool).queryTimeout(Duration.ofSeconds(1)).build();
    store.migrate();
    try (Realtime realtime =
        Realtime.builder()
            .tokenVerifier(
                JwtTokenVerifier.hmac(
                        "a-test-secret-of-at-least-32-bytes!!".getBytes(StandardCharsets.UTF_8))
                    .build())
            .repository(store.connections())
            .build()
            .start()) {
      ConnectUser connect =
          new ConnectUser(
              UserId.of("u-" + UUID.randomUUID()),
              CompanyId.of(UUID.randomUUID()),
              Set.of(Role.VISITOR),
              ConnectionId.random(),
              realtime.nodeId(),
              Map.of());
      assertThat(realtime.commands().send(connect).isOk()).isTrue();

      pg.stop();
      ConnectUser another =
          new ConnectUser(
              UserId.of("u-" + UUID.randomUUID()),
              connect.companyId(),
              Set.of(Role.VISITOR),
              ConnectionId.random(),
              realtime.nodeId(),
              Map.of());
      Result<?>[] result = new Result<?>[1];
      assertTimeoutPreemptively(
          BOUND,
          () -> {
            result[0] = realtime.commands().send(another);
          });
      assertThat(result[0].isOk()).isFalse();
      assertThat(result[0].failure().code()).isEqualTo(ErrorCode.UNAVAILABLE);
      assertThat(result[0].failure().message()).contains("unavailable").doesNotContain("127.0.0.1");
    }
  }

  @Test
  void aStatementPastTheQueryTimeoutIsUnavailable() throws SQLException {
    pg = PostgresProcess.startNew();
    pool = Pools.pool(pg, 4);
    JdbcRepositories store =
        JdbcRepositories.builder(pool).queryTimeout(Duration.ofMillis(1500)).build();
    store.migrate();
    CompanyId company = CompanyId.of(UUID.randomUUID());
    ConnectionUser user = online(company);
    store.connections().save(user);
    store
        .salesFloors()
        .update(
            company,
            f ->
                Result.ok(
                    f.commercialAvailable(
                        UserId.of("c1"), 2, AssignmentPolicies.leastLoaded(), T)));

    // another transaction holds both rows: the repository's writes wait for the lock
    try (java.sql.Connection holder = pg.connect()) {
      holder.setAutoCommit(false);
      lock(holder, "SELECT * FROM rtk_users WHERE user_id = ? FOR UPDATE", user.userId().value());
      lock(
          holder,
          "SELECT * FROM rtk_sales_floors WHERE company_id = ? FOR UPDATE",
          company.toString());

      long start = System.nanoTime();
      RepositoryUnavailableException e = assertUnavailable(() -> store.connections().save(user));
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .as("cancelled by the timeout, not before")
          .isGreaterThanOrEqualTo(Duration.ofMillis(1400));
      assertThat(((SQLException) e.getCause()).getSQLState()).isEqualTo("57014"); // query_canceled

      assertUnavailable(
          () ->
              store
                  .salesFloors()
                  .update(
                      company,
                      f ->
                          Result.ok(
                              f.visitorArrived(
                                  UserId.of("v1"), AssignmentPolicies.leastLoaded(), T))));
      holder.rollback();
    }

    // the lock is gone: the same repository writes again
    store.connections().save(user);
    assertThat(
            store
                .salesFloors()
                .update(
                    company,
                    f ->
                        Result.ok(
                            f.visitorArrived(UserId.of("v1"), AssignmentPolicies.leastLoaded(), T)))
                .isOk())
        .isTrue();
  }

  private static void lock(java.sql.Connection c, String sql, String key) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, key);
      s.executeQuery().close();
    }
  }

  private static RepositoryUnavailableException assertUnavailable(Executable call) {
    Throwable[] thrown = new Throwable[1];
    assertTimeoutPreemptively(
        BOUND,
        () -> {
          try {
            call.execute();
          } catch (Throwable t) {
            thrown[0] = t;
          }
        });
    assertThat(thrown[0]).isInstanceOf(RepositoryUnavailableException.class);
    RepositoryUnavailableException e = (RepositoryUnavailableException) thrown[0];
    assertThat(e).isInstanceOf(DomainException.class);
    assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(e.getMessage())
        .contains("unavailable")
        .doesNotContain("127.0.0.1")
        .doesNotContain("SELECT");
    assertThat(e.getCause()).isInstanceOf(SQLException.class);
    assertThat(e.toFailure().code()).isEqualTo(ErrorCode.UNAVAILABLE);
    return e;
  }

  private static ConnectionUser online(CompanyId company) {
    return ConnectionUser.create(
            UserId.of("u-" + UUID.randomUUID()), company, Set.of(Role.COMMERCIAL))
        .connect(new Connection(ConnectionId.random(), NodeId.of("n1"), T))
        .value()
        .user();
  }

  /** A loopback port nobody listens on (bound, then released). */
  private static int closedPort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
