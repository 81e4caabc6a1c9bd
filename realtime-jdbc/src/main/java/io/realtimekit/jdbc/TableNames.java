package io.realtimekit.jdbc;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where this module's tables live: an optional schema and a prefix of every table name, checked
 * here once since they are written into SQL text.
 */
final class TableNames {
  private static final Pattern PREFIX = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,29}");
  private static final Pattern SCHEMA = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

  private final String prefix;
  private final String qualifiedPrefix;

  private TableNames(String prefix, String qualifiedPrefix) {
    this.prefix = prefix;
    this.qualifiedPrefix = qualifiedPrefix;
  }

  /**
   * @param schema the schema of the tables, or empty for the connection's current one
   * @param prefix the start of every table name
   * @throws IllegalArgumentException when either is not a plain SQL identifier
   */
  static TableNames of(Optional<String> schema, String prefix) {
    Objects.requireNonNull(prefix, "tablePrefix");
    if (!PREFIX.matcher(prefix).matches()) {
      throw new IllegalArgumentException(
          "tablePrefix must match "
              + PREFIX.pattern()
              + " (letters, digits, underscores), got: "
              + prefix);
    }
    schema.ifPresent(
        s -> {
          if (!SCHEMA.matcher(s).matches()) {
            throw new IllegalArgumentException(
                "schema must match "
                    + SCHEMA.pattern()
                    + " (letters, digits, underscores), got: "
                    + s);
          }
        });
    return new TableNames(prefix, schema.map(s -> s + ".").orElse("") + prefix);
  }

  /** The value of the {@code ${rtk_prefix}} placeholder: the bare prefix (index names). */
  String prefix() {
    return prefix;
  }

  /**
   * The value of the {@code ${rtk_tables}} placeholder: the prefix, schema-qualified when there is
   * a schema.
   */
  String qualifiedPrefix() {
    return qualifiedPrefix;
  }

  /** The full name of table {@code name}. */
  String table(String name) {
    return qualifiedPrefix + name;
  }
}
