package io.realtimekit.application.connection;

import io.realtimekit.application.Checks;
import io.realtimekit.application.bus.Command;
import io.realtimekit.domain.Done;
import io.realtimekit.domain.UserId;

/**
 * The grace period after a user's last socket closed has passed: announces the user offline unless
 * it reconnected. Sent by the library's scheduler; a host may send it to end a grace period early.
 *
 * @param userId the user
 */
public record ConfirmUserOffline(UserId userId) implements Command<Done> {
  /** Validates. */
  public ConfirmUserOffline {
    Checks.required(userId, "userId");
  }
}
