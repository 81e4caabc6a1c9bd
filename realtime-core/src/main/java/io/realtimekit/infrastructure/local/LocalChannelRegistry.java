package io.realtimekit.infrastructure.local;

import io.realtimekit.application.port.ChannelRegistry;
import io.realtimekit.application.port.ClientChannel;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.ConnectionId;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-memory {@link ChannelRegistry}: the authenticated sockets of this node, indexed by user,
 * by company and by (company, role), so that delivery to a user, a role or a company touches only
 * the sockets it targets. Thread-safe; lookups are lock-free, changes are serialised.
 *
 * <p>Keys always include the company: a user id of company A never reaches a socket of company B.
 */
public final class LocalChannelRegistry implements ChannelRegistry {
  private final Map<UserKey, Set<ClientChannel>> byUser = new ConcurrentHashMap<>();
  private final Map<CompanyId, Set<ClientChannel>> byCompany = new ConcurrentHashMap<>();
  private final Map<RoleKey, Set<ClientChannel>> byRole = new ConcurrentHashMap<>();
  private final Map<ConnectionId, Registered> byConnection = new ConcurrentHashMap<>();
  private final Map<CompanyId, Set<ClientChannel>> watchers = new ConcurrentHashMap<>();

  /** An empty registry. */
  public LocalChannelRegistry() {}

  private record UserKey(CompanyId companyId, UserId userId) {}

  private record RoleKey(CompanyId companyId, Role role) {}

  private record Registered(ClientChannel channel, Set<Role> roles) {}

  /** Adds an authenticated socket under its current roles. */
  @Override
  public synchronized void add(ClientChannel channel) {
    Set<Role> roles = Set.copyOf(channel.roles());
    if (byConnection.putIfAbsent(channel.connectionId(), new Registered(channel, roles)) != null) {
      return;
    }
    put(byUser, new UserKey(channel.companyId(), channel.userId()), channel);
    put(byCompany, channel.companyId(), channel);
    for (Role r : roles) {
      put(byRole, new RoleKey(channel.companyId(), r), channel);
    }
  }

  /** Removes a socket; harmless when absent. Empty index entries are dropped. */
  @Override
  public synchronized void remove(ClientChannel channel) {
    Registered reg = byConnection.remove(channel.connectionId());
    if (reg == null) {
      return;
    }
    drop(byUser, new UserKey(channel.companyId(), channel.userId()), channel);
    drop(byCompany, channel.companyId(), channel);
    drop(watchers, channel.companyId(), channel);
    for (Role r : reg.roles()) {
      drop(byRole, new RoleKey(channel.companyId(), r), channel);
    }
  }

  /** Tells every socket of a user its new roles, then re-indexes them. */
  @Override
  public void updateRoles(CompanyId companyId, UserId userId, Set<Role> roles) {
    for (ClientChannel c : List.copyOf(forUser(companyId, userId))) {
      c.rolesChanged(roles); // outside the registry's lock: a channel may lock itself
    }
    reindex(companyId, userId, roles);
  }

  private synchronized void reindex(CompanyId companyId, UserId userId, Set<Role> roles) {
    for (ClientChannel c : List.copyOf(forUser(companyId, userId))) {
      Registered reg = byConnection.get(c.connectionId());
      if (reg == null) {
        continue;
      }
      for (Role r : reg.roles()) {
        drop(byRole, new RoleKey(companyId, r), c);
      }
      for (Role r : roles) {
        put(byRole, new RoleKey(companyId, r), c);
      }
      byConnection.put(c.connectionId(), new Registered(c, Set.copyOf(roles)));
    }
  }

  /** Marks a registered socket as watching its company's presence; ignored when not registered. */
  @Override
  public synchronized void watch(ConnectionId id) {
    Registered reg = byConnection.get(id);
    if (reg != null) {
      put(watchers, reg.channel().companyId(), reg.channel());
    }
  }

  /** The sockets of a company watching its presence. */
  @Override
  public Set<ClientChannel> watchers(CompanyId companyId) {
    return watchers.getOrDefault(companyId, Set.of());
  }

  /** The sockets of one user of one company (a live view; copy it to keep it). */
  @Override
  public Set<ClientChannel> forUser(CompanyId companyId, UserId userId) {
    return byUser.getOrDefault(new UserKey(companyId, userId), Set.of());
  }

  /** The sockets of the users of a company holding a role. */
  @Override
  public Set<ClientChannel> forRole(CompanyId companyId, Role role) {
    return byRole.getOrDefault(new RoleKey(companyId, role), Set.of());
  }

  /** The sockets of a company. */
  @Override
  public Set<ClientChannel> forCompany(CompanyId companyId) {
    return byCompany.getOrDefault(companyId, Set.of());
  }

  /** The socket with this id, if registered. */
  @Override
  public Optional<ClientChannel> byId(ConnectionId id) {
    Registered r = byConnection.get(id);
    return r == null ? Optional.empty() : Optional.of(r.channel());
  }

  /** Every registered socket (a snapshot). */
  @Override
  public List<ClientChannel> all() {
    List<ClientChannel> all = new ArrayList<>(byConnection.size());
    for (Registered r : byConnection.values()) {
      all.add(r.channel());
    }
    return all;
  }

  /** How many sockets are registered. */
  @Override
  public int size() {
    return byConnection.size();
  }

  /** How many index entries exist (for tests: it returns to 0 when every socket is gone). */
  int indexEntries() {
    return byUser.size() + byCompany.size() + byRole.size() + watchers.size();
  }

  private static <K> void put(Map<K, Set<ClientChannel>> index, K key, ClientChannel c) {
    index.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(c);
  }

  private static <K> void drop(Map<K, Set<ClientChannel>> index, K key, ClientChannel c) {
    index.computeIfPresent(
        key,
        (k, set) -> {
          set.remove(c);
          return set.isEmpty() ? null : set;
        });
  }
}
