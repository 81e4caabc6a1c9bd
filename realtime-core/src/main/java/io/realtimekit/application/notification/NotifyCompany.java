package io.realtimekit.application.notification;

import io.realtimekit.application.Checks;
import io.realtimekit.application.bus.Command;
import io.realtimekit.domain.CompanyId;

/**
 * A notification from the host application to every socket of one company. Clients receive it as an
 * event named {@code type} with {@code payload} as its data.
 *
 * @param companyId the company
 * @param type the event name clients receive
 * @param payload any Jackson-serialisable value (null sends {@code {}})
 */
public record NotifyCompany(CompanyId companyId, String type, Object payload)
    implements Command<NotificationReceipt> {
  /** Validates. */
  public NotifyCompany {
    Checks.required(companyId, "companyId");
    Checks.eventName(type);
  }
}
