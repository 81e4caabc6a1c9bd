package io.realtimekit.application.notification;

import io.realtimekit.application.bus.CommandBus;
import io.realtimekit.application.bus.EventBus;
import io.realtimekit.application.bus.Registration;
import io.realtimekit.application.port.DeliveryException;
import io.realtimekit.application.port.DeliveryPort;
import io.realtimekit.application.port.JsonEncoder;
import io.realtimekit.application.port.OutboundEvent;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.ErrorCode;
import io.realtimekit.domain.Result;
import io.realtimekit.domain.event.EventIds;
import io.realtimekit.domain.event.NotificationSent;
import io.realtimekit.domain.event.NotificationTarget;
import java.time.Clock;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * Handles the host application's notifications: {@link NotifyUser}, {@link NotifyRole} and {@link
 * NotifyCompany}. The payload is serialised once, whatever the number of sockets.
 */
final class NotificationHandlers {
  private final EventBus events;
  private final DeliveryPort delivery;
  private final JsonEncoder json;
  private final Clock clock;

  /**
   * @param events where NotificationSent goes
   * @param delivery reaches the sockets
   * @param json serialises payloads
   * @param clock stamps the events
   */
  NotificationHandlers(EventBus events, DeliveryPort delivery, JsonEncoder json, Clock clock) {
    this.events = events;
    this.delivery = delivery;
    this.json = json;
    this.clock = clock;
  }

  /** Registers the three handlers on {@code bus}. */
  Registration registerOn(CommandBus bus) {
    List<Registration> regs =
        List.of(
            bus.register(NotifyUser.class, c -> {
              OutboundEvent e = OutboundEvent.of(c.type(), json.toJson(c.payload()));
              return notify(c.companyId(), new NotificationTarget.User(c.userId()), c.type(),
                  () -> delivery.toUser(c.companyId(), c.userId(), e));
            }),
            bus.register(NotifyRole.class, c -> {
              OutboundEvent e = OutboundEvent.of(c.type(), json.toJson(c.payload()));
              return notify(c.companyId(), new NotificationTarget.WithRole(c.role()), c.type(),
                  () -> delivery.toRole(c.companyId(), c.role(), e));
            }),
            bus.register(NotifyCompany.class, c -> {
              OutboundEvent e = OutboundEvent.of(c.type(), json.toJson(c.payload()));
              return notify(c.companyId(), new NotificationTarget.Company(), c.type(),
                  () -> delivery.toCompany(c.companyId(), e));
            }));
    return () -> regs.forEach(Registration::close);
  }

  private Result<NotificationReceipt> notify(
      CompanyId companyId, NotificationTarget target, String type, IntSupplier deliver) {
    int delivered;
    try {
      delivered = deliver.getAsInt();
    } catch (DeliveryException e) {
      return Result.failure(ErrorCode.UNAVAILABLE, e.getMessage());
    }
    events.publish(new NotificationSent(EventIds.next(), clock.instant(), companyId, target, type, delivered));
    return Result.ok(new NotificationReceipt(delivered));
  }
}
