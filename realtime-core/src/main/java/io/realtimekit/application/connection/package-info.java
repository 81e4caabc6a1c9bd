/**
 * Connections and users: connect, disconnect (with the grace period), node cleanup, role updates,
 * kicks. Commands {@code ConnectUser}, {@code DisconnectUser}, {@code DisconnectUserSessions},
 * {@code UpdateRoles}, {@code DisconnectNode}, {@code ConfirmUserOffline}.
 */
package io.realtimekit.application.connection;
