package io.realtimekit.application.port;

import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.ConnectionId;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The authenticated sockets of this node, indexed by user, company and (company, role): what the
 * protocol sessions register into and what a {@link DeliveryPort} reads. Every lookup is scoped to
 * one company: a user id of company A never finds a socket of company B.
 *
 * <p>Contract: thread-safe; lookups never block and return live views (copy one to keep it); {@link
 * #add} and {@link #remove} are idempotent.
 */
public interface ChannelRegistry {

  /**
   * Adds an authenticated socket under its current roles; a socket already present is left as is.
   */
  void add(ClientChannel channel);

  /** Removes a socket, and its presence-watching mark; harmless when absent. */
  void remove(ClientChannel channel);

  /**
   * Applies changed roles to every socket of a user of this node: each is told ({@link
   * ClientChannel#rolesChanged}), then re-indexed under {@code roles}.
   */
  void updateRoles(CompanyId companyId, UserId userId, Set<Role> roles);

  /** Marks a registered socket as watching its company's presence; ignored when not registered. */
  void watch(ConnectionId connectionId);

  /** The sockets of a company watching its presence. */
  Set<ClientChannel> watchers(CompanyId companyId);

  /** The sockets of one user of one company. */
  Set<ClientChannel> forUser(CompanyId companyId, UserId userId);

  /** The sockets of the users of a company holding a role. */
  Set<ClientChannel> forRole(CompanyId companyId, Role role);

  /** The sockets of a company. */
  Set<ClientChannel> forCompany(CompanyId companyId);

  /** The socket with this id, if registered. */
  Optional<ClientChannel> byId(ConnectionId connectionId);

  /** Every registered socket (a snapshot). */
  List<ClientChannel> all();

  /** How many sockets are registered. */
  int size();
}
