package io.realtimekit.application.connection;

import io.realtimekit.application.Checks;
import io.realtimekit.application.bus.Command;
import io.realtimekit.domain.ConnectionId;
import io.realtimekit.domain.Done;
import io.realtimekit.domain.UserId;

/**
 * A socket closed: removes the connection; when it was the user's last, the user goes offline after
 * the grace period unless it reconnects.
 *
 * @param userId the user
 * @param connectionId the closed socket
 */
public record DisconnectUser(UserId userId, ConnectionId connectionId) implements Command<Done> {
  /** Validates. */
  public DisconnectUser {
    Checks.required(userId, "userId");
    Checks.required(connectionId, "connectionId");
  }
}
