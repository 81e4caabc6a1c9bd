package io.realtimekit.application;

import io.realtimekit.application.port.DeliveryException;
import io.realtimekit.application.port.DeliveryPort;
import io.realtimekit.application.port.JsonEncoder;
import io.realtimekit.application.port.OutboundEvent;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the announcers share: turning a payload into an {@link OutboundEvent}, and sending through
 * the {@link DeliveryPort} so that an unreachable cluster is logged, never thrown into the
 * publisher of the domain event.
 */
public final class Announcements {
  private static final Logger log = LoggerFactory.getLogger(Announcements.class);

  private final DeliveryPort delivery;
  private final JsonEncoder json;
  private final String what;

  /**
   * @param delivery reaches the sockets
   * @param json serialises the payloads
   * @param what names the feature in the log line of an undelivered announcement
   */
  public Announcements(DeliveryPort delivery, JsonEncoder json, String what) {
    this.delivery = delivery;
    this.json = json;
    this.what = what;
  }

  /** The event {@code name} carrying {@code payload} as JSON. */
  public OutboundEvent event(String name, Object payload) {
    return OutboundEvent.of(name, json.toJson(payload));
  }

  /**
   * Runs {@code send} on the delivery port; a {@link DeliveryException} is logged and swallowed.
   */
  public void send(Consumer<DeliveryPort> send) {
    try {
      send.accept(delivery);
    } catch (DeliveryException e) {
      log.warn("{} announcement not delivered: {}", what, e.getMessage());
    }
  }
}
