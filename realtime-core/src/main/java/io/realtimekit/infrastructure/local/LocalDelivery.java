package io.realtimekit.infrastructure.local;

import io.realtimekit.application.port.ClientChannel;
import io.realtimekit.application.port.DeliveryPort;
import io.realtimekit.application.port.OutboundEvent;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.ConnectionId;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** The single-node {@link DeliveryPort}: hands events to the sockets of a {@link LocalChannelRegistry}. */
public final class LocalDelivery implements DeliveryPort {
  private final LocalChannelRegistry registry;

  /** @param registry this node's sockets */
  public LocalDelivery(LocalChannelRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
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
    return registry.byId(connectionId)
        .filter(c -> c.companyId().equals(companyId))
        .map(c -> c.emit(event))
        .orElse(false);
  }

  @Override
  public int closeUser(CompanyId companyId, UserId userId, int code, String reason) {
    List<ClientChannel> channels = List.copyOf(registry.forUser(companyId, userId));
    for (ClientChannel c : channels) {
      c.close(code, reason);
    }
    return channels.size();
  }

  private static int emitAll(Set<ClientChannel> channels, OutboundEvent event) {
    int n = 0;
    for (ClientChannel c : channels) {
      if (c.emit(event)) {
        n++;
      }
    }
    return n;
  }
}
