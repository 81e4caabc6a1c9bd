package io.realtimekit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Connection;
import io.realtimekit.domain.ConnectionId;
import io.realtimekit.domain.ConnectionUser;
import io.realtimekit.domain.Criteria;
import io.realtimekit.domain.NodeId;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The migration runner: idempotent, safe under concurrent starts, configurable names, checked
 * checksums.
 */
class JdbcSchemaTest {
  static PostgresProcess pg;
  static HikariDataSource pool;

  @BeforeAll
  static void startPostgres() {
    pg = PostgresProcess.startNew();
    pool = Pools.pool(pg, 6);
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

  private static String freshPrefix() {
    return "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 10) + "_";
  }

  @Test
  void migratingTwiceAppliesEachVersionOnce() throws SQLException {
    String prefix = freshPrefix();

    assertThat(JdbcSchema.migrate(pool, Optional.empty(), prefix)).containsExactly(1, 2, 3);
    assertThat(JdbcSchema.migrate(pool, Optional.empty(), prefix)).isEmpty();
    assertThat(JdbcRepositories.builder(pool).tablePrefix(prefix).build().migrate()).isEmpty();

    assertThat(column("SELECT version FROM " + prefix + "schema_history ORDER BY version"))
        .containsExactly("1", "2", "3");
    assertThat(tables(prefix))
        .containsExactlyInAnyOrder(
            prefix + "schema_history",
            prefix + "users",
            prefix + "user_roles",
            prefix + "connections",
            prefix + "sales_floors",
            prefix + "node_leases");
  }

  @Test
  void theDefaultPrefixIsRtk() throws SQLException {
    JdbcSchema.migrate(pool);
    JdbcSchema.migrate(pool);
    assertThat(tables("rtk_")).contains("rtk_users", "rtk_sales_floors", "rtk_schema_history");
  }

  @Test
  @Timeout(60)
  void nodesMigratingAtOnceApplyEachVersionExactlyOnce() throws Exception {
    String prefix = freshPrefix();
    int nodes = 4;
    ExecutorService threads = Executors.newFixedThreadPool(nodes);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<List<Integer>>> results = new ArrayList<>();
    try {
      for (int i = 0; i < nodes; i++) {
        results.add(
            threads.submit(
                () -> {
                  go.await();
                  return JdbcSchema.migrate(pool, Optional.empty(), prefix);
                }));
      }
      go.countDown();
      List<Integer> applied = new ArrayList<>();
      for (Future<List<Integer>> f : results) {
        applied.addAll(f.get(30, TimeUnit.SECONDS));
      }
      assertThat(applied).containsExactlyInAnyOrder(1, 2, 3);
    } finally {
      threads.shutdownNow();
    }
    assertThat(column("SELECT version FROM " + prefix + "schema_history ORDER BY version"))
        .containsExactly("1", "2", "3");
  }

  @Test
  void aSchemaAndAPrefixAreHonoured() throws SQLException {
    execute("CREATE SCHEMA IF NOT EXISTS realtime");
    JdbcRepositories store =
        JdbcRepositories.builder(pool).schema("realtime").tablePrefix("chat_").build();
    assertThat(store.migrate()).containsExactly(1, 2, 3);

    CompanyId company = CompanyId.of(UUID.randomUUID());
    ConnectionUser user =
        ConnectionUser.create(UserId.of("u-" + UUID.randomUUID()), company, Set.of(Role.VISITOR))
            .connect(
                new Connection(
                    ConnectionId.random(), NodeId.of("n1"), Instant.parse("2030-01-01T00:00:00Z")))
            .value()
            .user();
    store.connections().save(user);

    assertThat(store.connections().find(Criteria.inCompany(company))).containsExactly(user);
    assertThat(column("SELECT user_id FROM realtime.chat_users"))
        .containsExactly(user.userId().value());
    assertThat(tables("chat_")).as("nothing in the default schema").isEmpty();
  }

  @Test
  void anAppliedMigrationThatChangedIsRefused() throws SQLException {
    String prefix = freshPrefix();
    JdbcSchema.migrate(pool, Optional.empty(), prefix);
    execute("UPDATE " + prefix + "schema_history SET checksum = checksum + 1 WHERE version = 1");

    assertThatThrownBy(() -> JdbcSchema.migrate(pool, Optional.empty(), prefix))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("V1")
        .hasMessageContaining("never edit an applied migration");
  }

  @Test
  void anUnmigratedStoreSaysSo() {
    JdbcRepositories store = JdbcRepositories.builder(pool).tablePrefix(freshPrefix()).build();
    assertThatThrownBy(() -> store.connections().find(Criteria.any()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("JdbcSchema.migrate");
    assertThatThrownBy(() -> store.salesFloors().load(CompanyId.of(UUID.randomUUID())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("JdbcSchema.migrate");
  }

  @Test
  void namesThatAreNotPlainIdentifiersAreRefused() {
    assertThatThrownBy(() -> JdbcRepositories.builder(pool).tablePrefix("x; DROP TABLE users; --"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tablePrefix");
    assertThatThrownBy(() -> JdbcRepositories.builder(pool).schema("public.x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("schema");
    assertThatThrownBy(() -> JdbcSchema.migrate(pool, Optional.empty(), ""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JdbcRepositories.builder(pool).queryTimeout(java.time.Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("queryTimeout");
  }

  @Test
  void everyScriptInTheFolderIsListedInVersionOrder() throws Exception {
    URL folder = JdbcSchema.class.getClassLoader().getResource(JdbcSchema.LOCATION);
    assertThat(folder).isNotNull();
    List<String> files;
    try (Stream<Path> list = Files.list(Path.of(folder.toURI()))) {
      files =
          list.map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".sql"))
              .sorted()
              .toList();
    }
    assertThat(JdbcSchema.MIGRATIONS).containsExactlyInAnyOrderElementsOf(files);
    List<Integer> versions =
        JdbcSchema.MIGRATIONS.stream()
            .map(n -> Integer.parseInt(n.substring(1, n.indexOf("__"))))
            .toList();
    assertThat(versions).isSorted().doesNotHaveDuplicates();
  }

  private static void execute(String sql) throws SQLException {
    try (java.sql.Connection c = pool.getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static List<String> column(String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (java.sql.Connection c = pool.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  /** The tables of the current schema whose name starts with {@code prefix}. */
  private static List<String> tables(String prefix) throws SQLException {
    return column(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
            + " AND table_name LIKE '"
            + prefix.replace("_", "\\_")
            + "%'");
  }
}
