package io.realtimekit.infrastructure.local;

import io.realtimekit.application.port.ChannelRegistry;
import io.realtimekit.application.port.ClientChannel;
import io.realtimekit.application.port.CloseReason;
import io.realtimekit.application.port.DeliveryPort;
import io.realtimekit.application.port.OutboundEvent;
import io.realtimekit.application.port.RealtimeMetrics;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.ConnectionId;
import io.realtimekit.domain.PresenceVisibility;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The single-node {@link DeliveryPort}: hands events to the sockets of a {@link ChannelRegistry}.
 * Obtained through {@link #over(ChannelRegistry)}; a cluster engine uses one for its own node.
 */
public final class LocalDelivery implements DeliveryPort {
  private final ChannelRegistry registry;
  private final RealtimeMetrics metrics;

  /**
   * The delivery to this node's sockets only, reporting nowhere.
   *
   * @param registry this node's sockets
   */
  public static DeliveryPort over(ChannelRegistry registry) {
    return new LocalDelivery(registry, RealtimeMetrics.NONE);
  }

  /**
   * The delivery to this node's sockets only.
   *
   * @param registry this node's sockets
   * @param metrics counts events out
   */
  public static DeliveryPort over(ChannelRegistry registry, RealtimeMetrics metrics) {
    return new LocalDelivery(registry, metrics);
  }

  private LocalDelivery(ChannelRegistry registry, RealtimeMetrics metrics) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  @Override
  public int toUser(CompanyId companyId, UserId userId, OutboundEvent event) {
    return emitAll(registry.forUser(companyId, userId), event);
  }

  @Override
  public int toRole(CompanyId companyId, Role role, OutboundEvent event) {
    return emitAll(registry.forRole(companyId, role), event);
  }

  @Override
  public int toCompany(CompanyId companyId, OutboundEvent event) {
    return emitAll(registry.forCompany(companyId), event);
  }

  @Override
  public boolean toConnection(CompanyId companyId, ConnectionId connectionId, OutboundEvent event) {
    return registry
        .byId(connectionId)
        .filter(c -> c.companyId().equals(companyId))
        .map(c -> c.emit(event))
        .orElse(false);
  }

  @Override
  public void watchPresence(ConnectionId connectionId) {
    registry.watch(connectionId);
  }

  @Override
  public int toPresenceWatchers(
      CompanyId companyId, UserId subject, Set<Role> subjectRoles, OutboundEvent event) {
    int n = 0;
    for (ClientChannel c : registry.watchers(companyId)) {
      if (PresenceVisibility.sees(c.userId(), c.roles(), subject, subjectRoles) && c.emit(event)) {
        n++;
      }
    }
    if (n > 0) {
      metrics.eventOut(event.name(), n);
    }
    return n;
  }

  @Override
  public int closeUser(CompanyId companyId, UserId userId, CloseReason why, String reason) {
    List<ClientChannel> channels = List.copyOf(registry.forUser(companyId, userId));
    for (ClientChannel c : channels) {
      c.close(why, reason);
    }
    return channels.size();
  }

  private int emitAll(Set<ClientChannel> channels, OutboundEvent event) {
    int n = 0;
    for (ClientChannel c : channels) {
      if (c.emit(event)) {
        n++;
      }
    }
    if (n > 0) {
      metrics.eventOut(event.name(), n);
    }
    return n;
  }
}
