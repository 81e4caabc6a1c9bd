/**
 * {@code ConnectionRepository} and {@code SalesFloorRepository} on plain JDBC (PostgreSQL first),
 * {@code NodeLeases} on PostgreSQL (no ghost user after a node crash), the schema as versioned SQL
 * migrations in the jar, and a runner for them: {@link io.realtimekit.jdbc.JdbcRepositories},
 * {@link io.realtimekit.jdbc.JdbcSchema}.
 */
package io.realtimekit.jdbc;
