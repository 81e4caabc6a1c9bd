package io.realtimekit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.ConnectionId;
import io.realtimekit.domain.Criteria;
import io.realtimekit.domain.NodeId;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every {@link Criteria} filter, alone and combined as the library uses them, is answered through
 * an index: PostgreSQL's plan for the repository's own statement holds no sequential scan when the
 * planner may avoid one ({@code enable_seqscan = off} turns the small test tables' cheap sequential
 * scans into a check that an index exists for the lookup).
 */
class JdbcIndexTest {
  static PostgresProcess pg;
  static HikariDataSource pool;
  static JdbcRepositories store;

  @BeforeAll
  static void startPostgres() {
    pg = PostgresProcess.startNew();
    pool = Pools.pool(pg, 2);
    store = JdbcRepositories.builder(pool).build();
    store.migrate();
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
  void everyLookupUsesAnIndex() throws SQLException {
    CompanyId company = CompanyId.of(UUID.randomUUID());
    List<Criteria> lookups =
        List.of(
            Criteria.byUserId(UserId.of("u1")),
            Criteria.byConnectionId(ConnectionId.random()),
            Criteria.inCompany(company),
            Criteria.inCompany(company).withRole(Role.COMMERCIAL),
            Criteria.inCompany(company).withRole(Role.COMMERCIAL).connected(true),
            Criteria.inCompany(company).connected(true),
            Criteria.any().withRole(Role.COMMERCIAL),
            Criteria.any().connected(true),
            Criteria.any().connected(false),
            Criteria.byUserId(UserId.of("u1")).andCompany(company),
            Criteria.byConnectionId(ConnectionId.random()).andCompany(company));
    try (java.sql.Connection c = pool.getConnection()) {
      try (Statement s = c.createStatement()) {
        s.execute("SET enable_seqscan = off");
      }
      try {
        for (Criteria criteria : lookups) {
          JdbcConnectionRepository.Lookup lookup = store.connections().lookup(criteria);
          String plan = explain(c, lookup);
          assertThat(plan)
              .as("plan of %s:%n%s", criteria, plan)
              .doesNotContain("Seq Scan")
              .contains("Index");
        }
        // what a node sweep reads (findConnectedOn)
        String byNode = explain(c, store.connections().connectedOn(NodeId.of("n1")));
        assertThat(byNode)
            .as("plan of findConnectedOn:%n%s", byNode)
            .doesNotContain("Seq Scan")
            .contains("connections_node");
      } finally {
        try (Statement s = c.createStatement()) {
          s.execute("RESET enable_seqscan");
        }
      }
    }
  }

  private static String explain(java.sql.Connection c, JdbcConnectionRepository.Lookup lookup)
      throws SQLException {
    StringBuilder plan = new StringBuilder();
    try (PreparedStatement s = c.prepareStatement("EXPLAIN " + lookup.sql())) {
      JdbcConnectionRepository.bind(s, lookup);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          plan.append(rs.getString(1)).append('\n');
        }
      }
    }
    return plan.toString();
  }
}
