package io.realtimekit.jdbc;

import io.realtimekit.domain.RepositoryUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.CRC32;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schema of this module as versioned SQL migrations shipped in the jar, under {@value
 * #LOCATION} with Flyway-style names ({@code V1__connections.sql}, {@code V2__sales_floors.sql},
 * {@code V3__node_leases.sql}), and a small runner that applies them so that no migration tool is
 * needed.
 *
 * <p>{@link #migrate(DataSource)} applies, in version order, every migration not yet recorded in
 * the table {@code <prefix>schema_history} (which it creates), each in its own transaction together
 * with its history row; it is idempotent, and safe when several nodes start at once (a node that
 * loses the race to apply a version finds it recorded and moves on; on databases whose DDL is not
 * transactional, such as MySQL, migrate from one node). A recorded migration whose text has changed
 * since it was applied (another checksum) is refused with {@link IllegalStateException}.
 *
 * <p>The scripts use two placeholders: {@code ${rtk_tables}} starts every table name (the prefix,
 * schema-qualified when a schema is set: {@code rtk_} or {@code realtime.rtk_}) and {@code
 * ${rtk_prefix}} is the bare prefix, for index names (an index lives in its table's schema). A host
 * that runs Flyway may apply them itself: a Flyway instance of its own with location {@code
 * classpath:db/realtimekit}, both placeholders set, and a history table of its own, so these
 * versions never mix with the application's.
 */
public final class JdbcSchema {
  private static final Logger log = LoggerFactory.getLogger(JdbcSchema.class);

  /** The classpath folder of the migration scripts. */
  public static final String LOCATION = "db/realtimekit";

  /**
   * The placeholder, written {@code ${rtk_tables}} in the scripts, that starts every table name.
   */
  public static final String TABLES_PLACEHOLDER = "rtk_tables";

  /**
   * The placeholder, written {@code ${rtk_prefix}} in the scripts, of the bare prefix (index
   * names).
   */
  public static final String PREFIX_PLACEHOLDER = "rtk_prefix";

  /** The default table prefix. */
  public static final String DEFAULT_PREFIX = "rtk_";

  /**
   * Every migration script, in version order (the runner reads this list: a jar cannot be listed).
   */
  public static final List<String> MIGRATIONS =
      List.of("V1__connections.sql", "V2__sales_floors.sql", "V3__node_leases.sql");

  private JdbcSchema() {}

  /**
   * Applies the pending migrations with the default table prefix {@value #DEFAULT_PREFIX}, in the
   * connection's current schema.
   *
   * @return the versions this call applied, in order (empty when the schema was up to date)
   * @throws RepositoryUnavailableException when the database cannot be reached
   * @throws IllegalStateException when a migration fails or was changed after it was applied
   */
  public static List<Integer> migrate(DataSource dataSource) {
    return migrate(dataSource, Optional.empty(), DEFAULT_PREFIX);
  }

  /**
   * Applies the pending migrations to tables named {@code [schema.]<tablePrefix>...}. The schema
   * must exist.
   *
   * @param schema the schema of the tables, or empty for the connection's current schema
   * @param tablePrefix the start of every table name: letters, digits and underscores
   * @return the versions this call applied, in order (empty when the schema was up to date)
   * @throws RepositoryUnavailableException when the database cannot be reached
   * @throws IllegalStateException when a migration fails or was changed after it was applied
   */
  public static List<Integer> migrate(
      DataSource dataSource, Optional<String> schema, String tablePrefix) {
    Objects.requireNonNull(dataSource, "dataSource");
    return migrate(dataSource, TableNames.of(schema, tablePrefix));
  }

  static List<Integer> migrate(DataSource dataSource, TableNames names) {
    List<Migration> migrations = load();
    String history = names.table("schema_history");
    Connection c;
    try {
      c = dataSource.getConnection();
    } catch (SQLException e) {
      throw new RepositoryUnavailableException("the database is unavailable, try again later", e);
    }
    try (c) {
      c.setAutoCommit(true);
      Map<Integer, Long> applied = ensureHistory(c, history);
      List<Integer> done = new ArrayList<>();
      for (Migration m : migrations) {
        Long checksum = applied.get(m.version());
        if (checksum != null) {
          requireSameChecksum(m, checksum);
          continue;
        }
        if (apply(c, m, names, history)) {
          done.add(m.version());
          log.info(
              "applied realtimekit migration V{} ({}) to tables {}*",
              m.version(),
              m.description(),
              names.qualifiedPrefix());
        }
      }
      return List.copyOf(done);
    } catch (SQLException e) {
      if (JdbcStore.isUnavailable(e)) {
        throw new RepositoryUnavailableException("the database is unavailable, try again later", e);
      }
      throw new IllegalStateException(
          "realtimekit schema migration failed (SQLState " + e.getSQLState() + ")", e);
    }
  }

  /** The history table (created when missing) as version to checksum. */
  private static Map<Integer, Long> ensureHistory(Connection c, String history)
      throws SQLException {
    try {
      return readHistory(c, history);
    } catch (SQLException missing) {
      if (JdbcStore.isUnavailable(missing)) {
        throw missing;
      }
    }
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE "
              + history
              + " (version INTEGER NOT NULL, description VARCHAR(200) NOT NULL,"
              + " checksum BIGINT NOT NULL, installed_at_millis BIGINT NOT NULL, PRIMARY KEY (version))");
    } catch (SQLException raced) {
      // another node created it at the same time: reading it below tells
      if (JdbcStore.isUnavailable(raced)) {
        throw raced;
      }
    }
    return readHistory(c, history);
  }

  private static Map<Integer, Long> readHistory(Connection c, String history) throws SQLException {
    Map<Integer, Long> applied = new LinkedHashMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT version, checksum FROM " + history + " ORDER BY version")) {
      while (rs.next()) {
        applied.put(rs.getInt(1), rs.getLong(2));
      }
    }
    return applied;
  }

  /** Applies one migration in a transaction; false when another node applied it meanwhile. */
  private static boolean apply(Connection c, Migration m, TableNames names, String history)
      throws SQLException {
    c.setAutoCommit(false);
    try {
      try (Statement s = c.createStatement()) {
        for (String sql : m.statements(names)) {
          s.execute(sql);
        }
      }
      try (PreparedStatement p =
          c.prepareStatement(
              "INSERT INTO "
                  + history
                  + " (version, description, checksum, installed_at_millis) VALUES (?, ?, ?, ?)")) {
        p.setInt(1, m.version());
        p.setString(2, m.description());
        p.setLong(3, m.checksum());
        p.setLong(4, System.currentTimeMillis());
        p.executeUpdate();
      }
      c.commit();
      return true;
    } catch (SQLException e) {
      try {
        c.rollback();
      } catch (SQLException rollback) {
        e.addSuppressed(rollback);
      }
      c.setAutoCommit(true);
      if (!JdbcStore.isUnavailable(e)) {
        Long checksum = readHistory(c, history).get(m.version());
        if (checksum != null) {
          requireSameChecksum(m, checksum);
          return false; // applied by another node while this one tried
        }
      }
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }

  private static void requireSameChecksum(Migration m, long recorded) {
    if (recorded != m.checksum()) {
      throw new IllegalStateException(
          "realtimekit migration V"
              + m.version()
              + " ("
              + m.description()
              + ") differs from the one applied to this database (checksum "
              + recorded
              + ", now "
              + m.checksum()
              + "): never edit an applied migration");
    }
  }

  private static List<Migration> load() {
    List<Migration> list = new ArrayList<>();
    for (String file : MIGRATIONS) {
      list.add(Migration.parse(file, read(LOCATION + "/" + file)));
    }
    return list;
  }

  private static String read(String resource) {
    ClassLoader loader = JdbcSchema.class.getClassLoader();
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing migration " + resource + " on the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read migration " + resource, e);
    }
  }

  /**
   * One migration script.
   *
   * @param version from the file name ({@code V<version>__<description>.sql})
   * @param description from the file name, underscores as spaces
   * @param text the script, placeholders unreplaced
   */
  record Migration(int version, String description, String text) {
    static Migration parse(String file, String text) {
      int sep = file.indexOf("__");
      if (!file.startsWith("V") || sep < 2 || !file.endsWith(".sql")) {
        throw new IllegalStateException(
            "migration file name must be V<version>__<description>.sql: " + file);
      }
      int version = Integer.parseInt(file.substring(1, sep));
      String description = file.substring(sep + 2, file.length() - 4).replace('_', ' ');
      return new Migration(version, description, text);
    }

    /** CRC32 of the text, line endings normalised (as it is in the jar, before substitution). */
    long checksum() {
      CRC32 crc = new CRC32();
      crc.update(text.replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8));
      return crc.getValue();
    }

    /**
     * The statements, placeholder replaced: comment lines dropped, split at a ";" ending a line.
     */
    List<String> statements(TableNames names) {
      String replaced =
          text.replace("${" + TABLES_PLACEHOLDER + "}", names.qualifiedPrefix())
              .replace("${" + PREFIX_PLACEHOLDER + "}", names.prefix());
      List<String> out = new ArrayList<>();
      StringBuilder current = new StringBuilder();
      for (String line : replaced.split("\r?\n")) {
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("--")) {
          continue;
        }
        if (trimmed.endsWith(";")) {
          current.append(trimmed, 0, trimmed.length() - 1);
          out.add(current.toString().strip());
          current.setLength(0);
        } else {
          current.append(trimmed).append('\n');
        }
      }
      if (!current.toString().isBlank()) {
        out.add(current.toString().strip());
      }
      return out;
    }
  }
}
