package io.realtimekit.application.connection;

import io.realtimekit.application.Checks;
import io.realtimekit.application.bus.Command;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.UserId;

/**
 * Kicks a user: closes every socket it has (close code 1008) with a reason. The user then goes
 * offline as after any last disconnect. The result is how many sockets were closed.
 *
 * @param companyId the user's company
 * @param userId the user
 * @param reason a short reason sent with the close frame (at most 100 characters)
 */
public record DisconnectUserSessions(CompanyId companyId, UserId userId, String reason)
    implements Command<Integer> {
  /** Validates. */
  public DisconnectUserSessions {
    Checks.required(companyId, "companyId");
    Checks.required(userId, "userId");
    reason = reason == null || reason.isBlank() ? "disconnected by the server" : reason;
    if (reason.length() > 100) {
      reason = reason.substring(0, 100);
    }
  }
}
