package io.realtimekit.application.presence;

import io.realtimekit.application.Announcements;
import io.realtimekit.application.bus.EventBus;
import io.realtimekit.application.bus.Registration;
import io.realtimekit.application.port.DeliveryPort;
import io.realtimekit.application.port.JsonEncoder;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.ConnectionId;
import io.realtimekit.domain.ConnectionRepository;
import io.realtimekit.domain.Criteria;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import io.realtimekit.domain.event.CommercialConnected;
import io.realtimekit.domain.event.CommercialDisconnected;
import io.realtimekit.domain.event.ConnectionClosed;
import io.realtimekit.domain.event.ConnectionOpened;
import io.realtimekit.domain.event.UserConnected;
import io.realtimekit.domain.event.UserDisconnected;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns presence events into client events, always inside the user's company:
 *
 * <ul>
 *   <li>{@code visitor:connected} / {@code visitor:disconnected} to the company's commercials;
 *   <li>{@code commercial:connected} / {@code commercial:disconnected} to the whole company;
 *   <li>after a socket asked for {@code presence:list}, the diffs {@code presence:joined {userId,
 *       roles, connections}} (a socket opened) and {@code presence:left {userId, connections}} (a
 *       socket closed; {@code connections: 0} once the user is offline after its grace period),
 *       filtered as the snapshot was: a visitor sees no other visitor.
 * </ul>
 */
final class PresenceAnnouncer {
  private final DeliveryPort delivery;
  private final Announcements out;
  private final ConnectionRepository repository;

  /**
   * @param delivery reaches the sockets
   * @param json serialises the payloads
   * @param repository gives connection counts
   */
  PresenceAnnouncer(DeliveryPort delivery, JsonEncoder json, ConnectionRepository repository) {
    this.delivery = delivery;
    this.out = new Announcements(delivery, json, "presence");
    this.repository = repository;
  }

  /**
   * Sends presence diffs of its company to this socket from now on, until it closes (on any node).
   */
  public void watch(ConnectionId connectionId) {
    delivery.watchPresence(connectionId);
  }

  /** Subscribes to the presence events on {@code bus}. */
  Registration subscribeTo(EventBus bus) {
    List<Registration> regs =
        List.of(
            bus.subscribe(
                UserConnected.class,
                e -> {
                  if (e.roles().contains(Role.VISITOR)) {
                    out.send(
                        d ->
                            d.toRole(
                                e.companyId(),
                                Role.COMMERCIAL,
                                out.event(
                                    PresenceEvents.VISITOR_CONNECTED,
                                    Map.of(
                                        "userId",
                                        e.userId().value(),
                                        "connectedAt",
                                        e.occurredAt().toString()))));
                  }
                }),
            bus.subscribe(
                UserDisconnected.class,
                e -> {
                  if (e.roles().contains(Role.VISITOR)) {
                    out.send(
                        d ->
                            d.toRole(
                                e.companyId(),
                                Role.COMMERCIAL,
                                out.event(
                                    PresenceEvents.VISITOR_DISCONNECTED,
                                    Map.of(
                                        "userId",
                                        e.userId().value(),
                                        "disconnectedAt",
                                        e.occurredAt().toString()))));
                  }
                  diff(
                      e.companyId(),
                      e.userId(),
                      e.roles(),
                      PresenceEvents.LEFT,
                      Map.of("userId", e.userId().value(), "connections", 0));
                }),
            bus.subscribe(
                CommercialConnected.class,
                e ->
                    out.send(
                        d ->
                            d.toCompany(
                                e.companyId(),
                                out.event(
                                    PresenceEvents.COMMERCIAL_CONNECTED,
                                    Map.of("userId", e.userId().value()))))),
            bus.subscribe(
                CommercialDisconnected.class,
                e ->
                    out.send(
                        d ->
                            d.toCompany(
                                e.companyId(),
                                out.event(
                                    PresenceEvents.COMMERCIAL_DISCONNECTED,
                                    Map.of("userId", e.userId().value()))))),
            bus.subscribe(
                ConnectionOpened.class,
                e -> {
                  int count =
                      repository
                          .findOne(Criteria.byUserId(e.userId()))
                          .map(u -> u.connections().size())
                          .orElse(1);
                  diff(
                      e.companyId(),
                      e.userId(),
                      e.roles(),
                      PresenceEvents.JOINED,
                      Map.of(
                          "userId",
                          e.userId().value(),
                          "roles",
                          e.roles().stream().map(Role::name).sorted().toList(),
                          "connections",
                          count));
                }),
            bus.subscribe(
                ConnectionClosed.class,
                e -> {
                  if (e.remainingConnections() > 0) {
                    Set<Role> roles =
                        repository
                            .findOne(Criteria.byUserId(e.userId()))
                            .map(u -> u.roles())
                            .orElse(Set.of());
                    diff(
                        e.companyId(),
                        e.userId(),
                        roles,
                        PresenceEvents.LEFT,
                        Map.of(
                            "userId", e.userId().value(), "connections", e.remainingConnections()));
                  }
                }));
    return () -> regs.forEach(Registration::close);
  }

  private void diff(
      CompanyId companyId,
      UserId userId,
      Set<Role> roles,
      String name,
      Map<String, Object> payload) {
    out.send(d -> d.toPresenceWatchers(companyId, userId, roles, out.event(name, payload)));
  }
}
