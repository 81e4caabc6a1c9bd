package io.realtimekit.application;

import io.realtimekit.application.bus.EventBus;
import io.realtimekit.application.bus.Registration;
import io.realtimekit.application.port.DeliveryException;
import io.realtimekit.application.port.DeliveryPort;
import io.realtimekit.application.port.JsonEncoder;
import io.realtimekit.application.port.OutboundEvent;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.event.CommercialConnected;
import io.realtimekit.domain.event.CommercialDisconnected;
import io.realtimekit.domain.event.UserConnected;
import io.realtimekit.domain.event.UserDisconnected;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns presence events into client events, always inside the user's company: {@code
 * visitor:connected} / {@code visitor:disconnected} to the company's commercials, {@code
 * commercial:connected} / {@code commercial:disconnected} to the whole company.
 */
public final class PresenceAnnouncer {
  private static final Logger log = LoggerFactory.getLogger(PresenceAnnouncer.class);

  private final DeliveryPort delivery;
  private final JsonEncoder json;

  /**
   * @param delivery reaches the sockets
   * @param json serialises the payloads
   */
  public PresenceAnnouncer(DeliveryPort delivery, JsonEncoder json) {
    this.delivery = delivery;
    this.json = json;
  }

  /** Subscribes to the presence events on {@code bus}. */
  public Registration subscribeTo(EventBus bus) {
    List<Registration> regs =
        List.of(
            bus.subscribe(UserConnected.class, e -> {
              if (e.roles().contains(Role.VISITOR)) {
                announce(() -> delivery.toRole(e.companyId(), Role.COMMERCIAL, OutboundEvent.of("visitor:connected",
                    json.toJson(Map.of("userId", e.userId().value(), "connectedAt", e.occurredAt().toString())))));
              }
            }),
            bus.subscribe(UserDisconnected.class, e -> {
              if (e.roles().contains(Role.VISITOR)) {
                announce(() -> delivery.toRole(e.companyId(), Role.COMMERCIAL, OutboundEvent.of("visitor:disconnected",
                    json.toJson(Map.of("userId", e.userId().value(), "disconnectedAt", e.occurredAt().toString())))));
              }
            }),
            bus.subscribe(CommercialConnected.class, e -> announce(() -> delivery.toCompany(e.companyId(),
                OutboundEvent.of("commercial:connected", json.toJson(Map.of("userId", e.userId().value())))))),
            bus.subscribe(CommercialDisconnected.class, e -> announce(() -> delivery.toCompany(e.companyId(),
                OutboundEvent.of("commercial:disconnected", json.toJson(Map.of("userId", e.userId().value())))))));
    return () -> regs.forEach(Registration::close);
  }

  private static void announce(Runnable send) {
    try {
      send.run();
    } catch (DeliveryException e) {
      log.warn("presence announcement not delivered: {}", e.getMessage());
    }
  }
}
