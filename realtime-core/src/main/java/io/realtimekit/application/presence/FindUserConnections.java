package io.realtimekit.application.presence;

import io.realtimekit.application.bus.Query;
import io.realtimekit.domain.Connection;
import io.realtimekit.domain.UserId;
import java.util.List;
import java.util.Objects;

/**
 * The live sockets of a user (empty when offline).
 *
 * @param userId the user
 */
public record FindUserConnections(UserId userId) implements Query<List<Connection>> {
  /** Requires the user. */
  public FindUserConnections {
    Objects.requireNonNull(userId, "userId");
  }
}
