package io.realtimekit.application.notification;

import io.realtimekit.application.Checks;
import io.realtimekit.application.bus.Command;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Role;

/**
 * A notification from the host application: Every socket of the users holding a role in one
 * company. Clients receive it as an event named {@code type} with {@code payload} as its data.
 *
 * @param companyId the company
 * @param role the role
 * @param type the event name clients receive
 * @param payload any Jackson-serialisable value (null sends {@code {}})
 */
public record NotifyRole(CompanyId companyId, Role role, String type, Object payload)
    implements Command<NotificationReceipt> {
  /** Validates. */
  public NotifyRole {
    Checks.required(companyId, "companyId");
    Checks.required(role, "role");
    Checks.eventName(type);
  }
}
