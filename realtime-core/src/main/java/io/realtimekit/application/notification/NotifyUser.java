package io.realtimekit.application.notification;

import io.realtimekit.application.Checks;
import io.realtimekit.application.bus.Command;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.UserId;

/**
 * A notification from the host application: Every socket of one user. Clients receive it as an
 * event named {@code type} with {@code payload} as its data.
 *
 * @param companyId the company
 * @param userId the user
 * @param type the event name clients receive
 * @param payload any Jackson-serialisable value (null sends {@code {}})
 */
public record NotifyUser(CompanyId companyId, UserId userId, String type, Object payload)
    implements Command<NotificationReceipt> {
  /** Validates. */
  public NotifyUser {
    Checks.required(companyId, "companyId");
    Checks.required(userId, "userId");
    Checks.eventName(type);
  }
}
