package io.realtimekit.domain;

import io.realtimekit.domain.event.CommercialConnected;
import io.realtimekit.domain.event.CommercialDisconnected;
import io.realtimekit.domain.event.ConnectionClosed;
import io.realtimekit.domain.event.ConnectionOpened;
import io.realtimekit.domain.event.DomainEvent;
import io.realtimekit.domain.event.EventIds;
import io.realtimekit.domain.event.RolesUpdated;
import io.realtimekit.domain.event.UserConnected;
import io.realtimekit.domain.event.UserDisconnected;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The aggregate root of the real-time context: a user of a company with its roles and its live
 * connections (one per tab or device).
 *
 * <p>A user is <em>connected</em> while it has at least one connection. Instances are immutable:
 * each command method returns a {@link Change} holding the new instance and the events it caused,
 * or a typed {@link Failure}. Going offline is two steps: {@link #disconnect} removes a socket at
 * once; {@link #confirmOffline} is called when the grace period has passed and raises {@link
 * UserDisconnected} only if no socket came back meanwhile.
 */
public final class ConnectionUser {
  private final UserId userId;
  private final CompanyId companyId;
  private final Set<Role> roles;
  private final Map<ConnectionId, Connection> connections;
  private final boolean announcedOnline;

  private ConnectionUser(
      UserId userId,
      CompanyId companyId,
      Set<Role> roles,
      Map<ConnectionId, Connection> connections,
      boolean announcedOnline) {
    this.userId = userId;
    this.companyId = companyId;
    this.roles = roles;
    this.connections = connections;
    this.announcedOnline = announcedOnline;
  }

  /**
   * A user with no connection yet.
   *
   * @throws DomainException when {@code roles} is empty
   */
  public static ConnectionUser create(UserId userId, CompanyId companyId, Set<Role> roles) {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(companyId, "companyId");
    return new ConnectionUser(userId, companyId, requireRoles(roles), Map.of(), false);
  }

  private static Set<Role> requireRoles(Set<Role> roles) {
    if (roles == null || roles.isEmpty()) {
      throw DomainException.invalid("a user needs at least one role");
    }
    return Set.copyOf(roles);
  }

  /**
   * Adds a live connection. Raises {@link ConnectionOpened}; on the first connection of a user that
   * was offline also {@link UserConnected} (and {@link CommercialConnected} for a commercial). A
   * user that reconnects inside its grace period raises only {@link ConnectionOpened}.
   *
   * @return the change, or {@link ErrorCode#CONFLICT} when the connection id is already live
   */
  public Result<Change> connect(Connection connection) {
    return connect(connection, Map.of());
  }

  /**
   * As {@link #connect(Connection)}, with the token's other claims carried by {@link
   * ConnectionOpened} (for example a commercial's {@code maxChats}).
   */
  public Result<Change> connect(Connection connection, Map<String, Object> claims) {
    Objects.requireNonNull(connection, "connection");
    if (connections.containsKey(connection.id())) {
      return Result.failure(
          ErrorCode.CONFLICT, "connection " + connection.id() + " is already open");
    }
    Map<ConnectionId, Connection> next = new LinkedHashMap<>(connections);
    next.put(connection.id(), connection);
    Instant at = connection.openedAt();
    List<DomainEvent> events = new ArrayList<>(3);
    events.add(
        new ConnectionOpened(
            EventIds.next(),
            at,
            companyId,
            userId,
            roles,
            connection.id(),
            connection.nodeId(),
            claims));
    if (!announcedOnline) {
      events.add(new UserConnected(EventIds.next(), at, companyId, userId, roles));
      if (hasRole(Role.COMMERCIAL)) {
        events.add(new CommercialConnected(EventIds.next(), at, companyId, userId));
      }
    }
    return Result.ok(new Change(with(next, true), events));
  }

  /**
   * Removes a live connection and raises {@link ConnectionClosed}. The user stays announced as
   * online until {@link #confirmOffline} runs after the grace period.
   *
   * @return the change, or {@link ErrorCode#INVALID_ARGUMENT} when the connection is not live
   */
  public Result<Change> disconnect(ConnectionId connectionId, Instant at) {
    Connection removed = connections.get(connectionId);
    if (removed == null) {
      return Result.failure(
          ErrorCode.INVALID_ARGUMENT, "connection " + connectionId + " is not open for " + userId);
    }
    Map<ConnectionId, Connection> next = new LinkedHashMap<>(connections);
    next.remove(connectionId);
    DomainEvent closed =
        new ConnectionClosed(
            EventIds.next(), at, companyId, userId, connectionId, removed.nodeId(), next.size());
    return Result.ok(new Change(with(next, announcedOnline), List.of(closed)));
  }

  /**
   * Called when the grace period after the last disconnect has passed. When the user still has no
   * connection and was announced online, raises {@link UserDisconnected} (and {@link
   * CommercialDisconnected}) exactly once; otherwise it changes nothing.
   */
  public Change confirmOffline(Instant at) {
    if (!connections.isEmpty() || !announcedOnline) {
      return new Change(this, List.of());
    }
    List<DomainEvent> events = new ArrayList<>(2);
    events.add(new UserDisconnected(EventIds.next(), at, companyId, userId, roles));
    if (hasRole(Role.COMMERCIAL)) {
      events.add(new CommercialDisconnected(EventIds.next(), at, companyId, userId));
    }
    return new Change(with(connections, false), events);
  }

  /**
   * Removes every connection held by {@code nodeId} (a node that died without closing its sockets),
   * raising one {@link ConnectionClosed} each. {@link #confirmOffline} still decides when the user
   * goes offline.
   */
  public Change disconnectNode(NodeId nodeId, Instant at) {
    Map<ConnectionId, Connection> next = new LinkedHashMap<>(connections);
    List<DomainEvent> events = new ArrayList<>();
    for (Connection c : connections.values()) {
      if (c.nodeId().equals(nodeId)) {
        next.remove(c.id());
        events.add(
            new ConnectionClosed(
                EventIds.next(), at, companyId, userId, c.id(), nodeId, next.size()));
      }
    }
    return events.isEmpty()
        ? new Change(this, List.of())
        : new Change(with(next, announcedOnline), events);
  }

  /**
   * Replaces the roles and raises {@link RolesUpdated}; no event when they are unchanged.
   *
   * @throws DomainException when {@code newRoles} is empty
   */
  public Change updateRoles(Set<Role> newRoles, Instant at) {
    Set<Role> next = requireRoles(newRoles);
    if (next.equals(roles)) {
      return new Change(this, List.of());
    }
    ConnectionUser updated =
        new ConnectionUser(userId, companyId, next, connections, announcedOnline);
    return new Change(
        updated, List.of(new RolesUpdated(EventIds.next(), at, companyId, userId, roles, next)));
  }

  private ConnectionUser with(Map<ConnectionId, Connection> next, boolean online) {
    return new ConnectionUser(userId, companyId, roles, Collections.unmodifiableMap(next), online);
  }

  /** The user's id. */
  public UserId userId() {
    return userId;
  }

  /** The user's company. */
  public CompanyId companyId() {
    return companyId;
  }

  /** The user's roles (immutable, never empty). */
  public Set<Role> roles() {
    return roles;
  }

  /** True when the user holds {@code role}. */
  public boolean hasRole(Role role) {
    return roles.contains(role);
  }

  /** True while the user has at least one live connection. */
  public boolean isConnected() {
    return !connections.isEmpty();
  }

  /**
   * True while the user counts as online for presence: it has a connection, or it lost its last one
   * less than a grace period ago and {@link #confirmOffline} has not run yet.
   */
  public boolean isAnnouncedOnline() {
    return announcedOnline;
  }

  /** The live connections, oldest first (immutable). */
  public Collection<Connection> connections() {
    return connections.values();
  }

  /** The live connection with this id, if any. */
  public Optional<Connection> connection(ConnectionId id) {
    return Optional.ofNullable(connections.get(id));
  }

  /** A plain-data copy, for repositories that store documents or rows. */
  public Primitives toPrimitives() {
    List<Primitives.ConnectionPrimitives> list = new ArrayList<>(connections.size());
    for (Connection c : connections.values()) {
      list.add(
          new Primitives.ConnectionPrimitives(
              c.id().value(), c.nodeId().value(), c.openedAt().toEpochMilli()));
    }
    List<String> roleNames = roles.stream().map(Role::name).sorted().toList();
    return new Primitives(userId.value(), companyId.toString(), roleNames, list, announcedOnline);
  }

  /**
   * Rebuilds a user from {@link #toPrimitives()}; every value is validated again.
   *
   * @throws DomainException when any value is of the wrong shape
   */
  public static ConnectionUser fromPrimitives(Primitives p) {
    Objects.requireNonNull(p, "primitives");
    Set<Role> roles = new HashSet<>();
    for (String r : p.roles()) {
      roles.add(Role.of(r));
    }
    Map<ConnectionId, Connection> map = new LinkedHashMap<>();
    for (Primitives.ConnectionPrimitives c : p.connections()) {
      ConnectionId id = ConnectionId.of(c.connectionId());
      Connection connection =
          new Connection(id, NodeId.of(c.nodeId()), Instant.ofEpochMilli(c.openedAtMillis()));
      if (map.putIfAbsent(id, connection) != null) {
        throw DomainException.invalid("connectionId " + id + " appears more than once");
      }
    }
    return new ConnectionUser(
        UserId.of(p.userId()),
        CompanyId.of(p.companyId()),
        requireRoles(roles),
        Collections.unmodifiableMap(map),
        p.announcedOnline() || !map.isEmpty());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConnectionUser u
        && userId.equals(u.userId)
        && companyId.equals(u.companyId)
        && roles.equals(u.roles)
        && connections.equals(u.connections)
        && announcedOnline == u.announcedOnline;
  }

  @Override
  public int hashCode() {
    return Objects.hash(userId, companyId, roles, connections, announcedOnline);
  }

  @Override
  public String toString() {
    return "ConnectionUser{"
        + userId
        + ", company="
        + companyId
        + ", roles="
        + roles
        + ", connections="
        + connections.size()
        + "}";
  }

  /**
   * The result of a command on the aggregate: the new state and the events it caused, in order.
   *
   * @param user the aggregate after the change
   * @param events what happened (possibly none)
   */
  public record Change(ConnectionUser user, List<DomainEvent> events) {
    /** Copies the event list. */
    public Change {
      Objects.requireNonNull(user, "user");
      events = List.copyOf(events);
    }
  }

  /**
   * Plain data of a {@link ConnectionUser}.
   *
   * @param userId the user id
   * @param companyId the company UUID
   * @param roles role names
   * @param connections live connections
   * @param announcedOnline whether the user counts as online (inside its grace period too)
   */
  public record Primitives(
      String userId,
      String companyId,
      List<String> roles,
      List<ConnectionPrimitives> connections,
      boolean announcedOnline) {
    /** Copies the lists. */
    public Primitives {
      roles = List.copyOf(roles);
      connections = List.copyOf(connections);
    }

    /**
     * Plain data of one {@link Connection}.
     *
     * @param connectionId the id
     * @param nodeId the node
     * @param openedAtMillis epoch millis
     */
    public record ConnectionPrimitives(String connectionId, String nodeId, long openedAtMillis) {}
  }
}
