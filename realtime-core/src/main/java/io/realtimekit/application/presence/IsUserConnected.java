package io.realtimekit.application.presence;

import io.realtimekit.application.bus.Query;
import io.realtimekit.domain.UserId;
import java.util.Objects;

/**
 * Whether a user has at least one live socket.
 *
 * @param userId the user
 */
public record IsUserConnected(UserId userId) implements Query<Boolean> {
  /** Requires the user. */
  public IsUserConnected {
    Objects.requireNonNull(userId, "userId");
  }
}
