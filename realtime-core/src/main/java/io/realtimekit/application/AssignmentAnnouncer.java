package io.realtimekit.application;

import io.realtimekit.application.bus.EventBus;
import io.realtimekit.application.bus.Registration;
import io.realtimekit.application.port.DeliveryException;
import io.realtimekit.application.port.DeliveryPort;
import io.realtimekit.application.port.JsonEncoder;
import io.realtimekit.application.port.OutboundEvent;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.assignment.SalesFloor;
import io.realtimekit.domain.event.VisitorAssigned;
import io.realtimekit.domain.event.VisitorQueued;
import io.realtimekit.domain.event.VisitorUnassigned;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells clients about assignment, inside the company: {@code visitor:assigned {commercialId}} and
 * {@code visitor:queued {position}} to the visitor, {@code commercial:visitor-assigned
 * {visitorId}} and {@code commercial:visitor-unassigned {visitorId, reason}} to the commercial,
 * and with offer-to-all, {@code commercial:visitor-offered {visitorId, position}} and {@code
 * commercial:visitor-taken {visitorId, commercialId}} to every commercial.
 */
public final class AssignmentAnnouncer {
  private static final Logger log = LoggerFactory.getLogger(AssignmentAnnouncer.class);

  private final DeliveryPort delivery;
  private final JsonEncoder json;
  private final boolean offersToAll;

  /**
   * @param delivery reaches the sockets
   * @param json serialises payloads
   * @param offersToAll whether the policy offers waiting visitors to every commercial
   */
  public AssignmentAnnouncer(DeliveryPort delivery, JsonEncoder json, boolean offersToAll) {
    this.delivery = delivery;
    this.json = json;
    this.offersToAll = offersToAll;
  }

  /** Subscribes to the assignment events. */
  public Registration subscribeTo(EventBus bus) {
    List<Registration> regs = List.of(
        bus.subscribe(VisitorAssigned.class, e -> send(() -> {
          delivery.toUser(e.companyId(), e.visitorId(),
              event("visitor:assigned", Map.of("commercialId", e.commercialId().value())));
          delivery.toUser(e.companyId(), e.commercialId(),
              event("commercial:visitor-assigned", Map.of("visitorId", e.visitorId().value())));
          if (offersToAll) {
            delivery.toRole(e.companyId(), Role.COMMERCIAL, event("commercial:visitor-taken",
                Map.of("visitorId", e.visitorId().value(), "commercialId", e.commercialId().value())));
          }
        })),
        bus.subscribe(VisitorUnassigned.class, e -> send(() -> {
          delivery.toUser(e.companyId(), e.commercialId(), event("commercial:visitor-unassigned",
              Map.of("visitorId", e.visitorId().value(), "reason", e.reason())));
          if (!SalesFloor.VISITOR_LEFT.equals(e.reason())) {
            delivery.toUser(e.companyId(), e.visitorId(), event("visitor:unassigned",
                Map.of("commercialId", e.commercialId().value(), "reason", e.reason())));
          }
        })),
        bus.subscribe(VisitorQueued.class, e -> send(() -> {
          delivery.toUser(e.companyId(), e.visitorId(), event("visitor:queued", Map.of("position", e.position())));
          if (offersToAll) {
            delivery.toRole(e.companyId(), Role.COMMERCIAL, event("commercial:visitor-offered",
                Map.of("visitorId", e.visitorId().value(), "position", e.position())));
          }
        })));
    return () -> regs.forEach(Registration::close);
  }

  private OutboundEvent event(String name, Object payload) {
    return OutboundEvent.of(name, json.toJson(payload));
  }

  private static void send(Runnable r) {
    try {
      r.run();
    } catch (DeliveryException e) {
      log.warn("assignment announcement not delivered: {}", e.getMessage());
    }
  }
}
