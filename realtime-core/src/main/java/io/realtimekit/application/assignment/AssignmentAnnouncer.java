package io.realtimekit.application.assignment;

import io.realtimekit.application.Announcements;
import io.realtimekit.application.bus.EventBus;
import io.realtimekit.application.bus.Registration;
import io.realtimekit.application.port.DeliveryPort;
import io.realtimekit.application.port.JsonEncoder;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.assignment.SalesFloor;
import io.realtimekit.domain.event.VisitorAssigned;
import io.realtimekit.domain.event.VisitorQueued;
import io.realtimekit.domain.event.VisitorUnassigned;
import java.util.List;
import java.util.Map;

/**
 * Tells clients about assignment, inside the company: {@code visitor:assigned {commercialId}} and
 * {@code visitor:queued {position}} to the visitor, {@code commercial:visitor-assigned {visitorId}}
 * and {@code commercial:visitor-unassigned {visitorId, reason}} to the commercial, and with
 * offer-to-all, {@code commercial:visitor-offered {visitorId, position}} and {@code
 * commercial:visitor-taken {visitorId, commercialId}} to every commercial.
 */
final class AssignmentAnnouncer {
  private final Announcements out;
  private final boolean offersToAll;

  /**
   * @param delivery reaches the sockets
   * @param json serialises payloads
   * @param offersToAll whether the policy offers waiting visitors to every commercial
   */
  AssignmentAnnouncer(DeliveryPort delivery, JsonEncoder json, boolean offersToAll) {
    this.out = new Announcements(delivery, json, "assignment");
    this.offersToAll = offersToAll;
  }

  /** Subscribes to the assignment events. */
  Registration subscribeTo(EventBus bus) {
    List<Registration> regs =
        List.of(
            bus.subscribe(
                VisitorAssigned.class,
                e ->
                    out.send(
                        d -> {
                          d.toUser(
                              e.companyId(),
                              e.visitorId(),
                              out.event(
                                  AssignmentEvents.VISITOR_ASSIGNED,
                                  Map.of("commercialId", e.commercialId().value())));
                          d.toUser(
                              e.companyId(),
                              e.commercialId(),
                              out.event(
                                  AssignmentEvents.COMMERCIAL_VISITOR_ASSIGNED,
                                  Map.of("visitorId", e.visitorId().value())));
                          if (offersToAll) {
                            d.toRole(
                                e.companyId(),
                                Role.COMMERCIAL,
                                out.event(
                                    AssignmentEvents.COMMERCIAL_VISITOR_TAKEN,
                                    Map.of(
                                        "visitorId",
                                        e.visitorId().value(),
                                        "commercialId",
                                        e.commercialId().value())));
                          }
                        })),
            bus.subscribe(
                VisitorUnassigned.class,
                e ->
                    out.send(
                        d -> {
                          d.toUser(
                              e.companyId(),
                              e.commercialId(),
                              out.event(
                                  AssignmentEvents.COMMERCIAL_VISITOR_UNASSIGNED,
                                  Map.of(
                                      "visitorId", e.visitorId().value(), "reason", e.reason())));
                          if (!SalesFloor.VISITOR_LEFT.equals(e.reason())) {
                            d.toUser(
                                e.companyId(),
                                e.visitorId(),
                                out.event(
                                    AssignmentEvents.VISITOR_UNASSIGNED,
                                    Map.of(
                                        "commercialId",
                                        e.commercialId().value(),
                                        "reason",
                                        e.reason())));
                          }
                        })),
            bus.subscribe(
                VisitorQueued.class,
                e ->
                    out.send(
                        d -> {
                          d.toUser(
                              e.companyId(),
                              e.visitorId(),
                              out.event(
                                  AssignmentEvents.VISITOR_QUEUED,
                                  Map.of("position", e.position())));
                          if (offersToAll) {
                            d.toRole(
                                e.companyId(),
                                Role.COMMERCIAL,
                                out.event(
                                    AssignmentEvents.COMMERCIAL_VISITOR_OFFERED,
                                    Map.of(
                                        "visitorId",
                                        e.visitorId().value(),
                                        "position",
                                        e.position())));
                          }
                        })));
    return () -> regs.forEach(Registration::close);
  }
}
