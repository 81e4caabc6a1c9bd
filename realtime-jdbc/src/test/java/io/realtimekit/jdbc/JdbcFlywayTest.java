package io.realtimekit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Connection;
import io.realtimekit.domain.ConnectionId;
import io.realtimekit.domain.ConnectionUser;
import io.realtimekit.domain.Criteria;
import io.realtimekit.domain.NodeId;
import io.realtimekit.domain.Result;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import io.realtimekit.domain.assignment.AssignmentPolicies;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A host that runs Flyway applies the scripts shipped in the jar with a Flyway of their own (the
 * README's settings), in the default schema and in a schema of their own, and the repositories work
 * on the result.
 */
class JdbcFlywayTest {
  private static final Instant T = Instant.parse("2030-01-01T00:00:00Z");

  static PostgresProcess pg;
  static HikariDataSource pool;

  @BeforeAll
  static void startPostgres() {
    pg = PostgresProcess.startNew();
    pool = Pools.pool(pg, 2);
  }

  @AfterAll
  static void stopPostgres() {
    if (pool != null) {
      pool.close();
    }
    if (pg != null) {
      pg.close();
    }
  }

  @Test
  void flywayAppliesTheShippedScriptsOnceAndTheRepositoriesWorkOnThem() {
    Flyway flyway =
        Flyway.configure()
            .dataSource(pool)
            .locations("classpath:" + JdbcSchema.LOCATION)
            .table("fw_flyway_history")
            .placeholders(
                Map.of(JdbcSchema.TABLES_PLACEHOLDER, "fw_", JdbcSchema.PREFIX_PLACEHOLDER, "fw_"))
            .load();

    MigrateResult first = flyway.migrate();
    assertThat(first.migrationsExecuted).isEqualTo(JdbcSchema.MIGRATIONS.size());
    assertThat(flyway.migrate().migrationsExecuted).isZero();

    assertRepositoriesWork(JdbcRepositories.builder(pool).tablePrefix("fw_").build());
  }

  @Test
  void flywayAppliesThemToAnotherSchemaToo() throws SQLException {
    try (java.sql.Connection c = pool.getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA IF NOT EXISTS chat");
    }
    Flyway flyway =
        Flyway.configure()
            .dataSource(pool)
            .locations("classpath:" + JdbcSchema.LOCATION)
            .schemas("chat")
            .table("rtk_flyway_history")
            .placeholders(
                Map.of(
                    JdbcSchema.TABLES_PLACEHOLDER,
                    "chat.rtk_",
                    JdbcSchema.PREFIX_PLACEHOLDER,
                    "rtk_"))
            .load();

    assertThat(flyway.migrate().migrationsExecuted).isEqualTo(JdbcSchema.MIGRATIONS.size());

    assertRepositoriesWork(JdbcRepositories.builder(pool).schema("chat").build());
  }

  private static void assertRepositoriesWork(JdbcRepositories store) {
    CompanyId company = CompanyId.of(UUID.randomUUID());
    ConnectionUser user =
        ConnectionUser.create(UserId.of("u-" + UUID.randomUUID()), company, Set.of(Role.COMMERCIAL))
            .connect(new Connection(ConnectionId.random(), NodeId.of("n1"), T))
            .value()
            .user();
    store.connections().save(user);
    assertThat(store.connections().find(Criteria.inCompany(company).withRole(Role.COMMERCIAL)))
        .containsExactly(user);
    assertThat(
            store
                .salesFloors()
                .update(
                    company,
                    f ->
                        Result.ok(
                            f.commercialAvailable(
                                user.userId(), 2, AssignmentPolicies.leastLoaded(), T)))
                .isOk())
        .isTrue();
    assertThat(store.salesFloors().load(company).seat(user.userId())).isPresent();
  }
}
