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
 *
 * <p>A payload whose frame would exceed the outbound frame limit is refused to the host ({@code
 * INVALID_ARGUMENT}, "payload too large") before anything is sent: its size is the sender's
 * problem, never a reason to close a receiver.
 */
final class NotificationHandlers {
  /**
   * What a frame adds to the event name and the payload: {@code {"event":"","data":}} and a margin.
   */
  static final int EVENT_ENVELOPE_CHARS = 32;

  private final EventBus events;
  private final DeliveryPort delivery;
  private final JsonEncoder json;
  private final Clock clock;
  private final long maxFrameChars;

  /**
   * @param events where NotificationSent goes
   * @param delivery reaches the sockets
   * @param json serialises payloads
   * @param clock stamps the events
   * @param maxFrameChars the largest frame the server sends (the outbound frame limit)
   */
  NotificationHandlers(
      EventBus events, DeliveryPort delivery, JsonEncoder json, Clock clock, long maxFrameChars) {
    this.events = events;
    this.delivery = delivery;
    this.json = json;
    this.clock = clock;
    this.maxFrameChars = maxFrameChars;
  }

  /** Registers the three handlers on {@code bus}. */
  Registration registerOn(CommandBus bus) {
    List<Registration> regs =
        List.of(
            bus.register(
                NotifyUser.class,
                c -> {
                  OutboundEvent e = OutboundEvent.of(c.type(), json.toJson(c.payload()));
                  return notify(
                      e,
                      c.companyId(),
                      new NotificationTarget.User(c.userId()),
                      c.type(),
                      () -> delivery.toUser(c.companyId(), c.userId(), e));
                }),
            bus.register(
                NotifyRole.class,
                c -> {
                  OutboundEvent e = OutboundEvent.of(c.type(), json.toJson(c.payload()));
                  return notify(
                      e,
                      c.companyId(),
                      new NotificationTarget.WithRole(c.role()),
                      c.type(),
                      () -> delivery.toRole(c.companyId(), c.role(), e));
                }),
            bus.register(
                NotifyCompany.class,
                c -> {
                  OutboundEvent e = OutboundEvent.of(c.type(), json.toJson(c.payload()));
                  return notify(
                      e,
                      c.companyId(),
                      new NotificationTarget.Company(),
                      c.type(),
                      () -> delivery.toCompany(c.companyId(), e));
                }));
    return () -> regs.forEach(Registration::close);
  }

  private Result<NotificationReceipt> notify(
      OutboundEvent event,
      CompanyId companyId,
      NotificationTarget target,
      String type,
      IntSupplier deliver) {
    long frameChars = (long) event.dataJson().length() + type.length() + EVENT_ENVELOPE_CHARS;
    if (frameChars > maxFrameChars) {
      return Result.failure(
          ErrorCode.INVALID_ARGUMENT,
          "payload too large: a frame of about "
              + frameChars
              + " bytes, over the outbound frame limit of "
              + maxFrameChars);
    }
    int delivered;
    try {
      delivered = deliver.getAsInt();
    } catch (DeliveryException e) {
      return Result.failure(ErrorCode.UNAVAILABLE, e.getMessage());
    }
    events.publish(
        new NotificationSent(EventIds.next(), clock.instant(), companyId, target, type, delivered));
    return Result.ok(new NotificationReceipt(delivered));
  }
}
