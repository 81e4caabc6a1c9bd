package io.realtimekit.infrastructure.memory;

import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Connection;
import io.realtimekit.domain.ConnectionId;
import io.realtimekit.domain.ConnectionRepository;
import io.realtimekit.domain.ConnectionUser;
import io.realtimekit.domain.Criteria;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The default {@link ConnectionRepository}: every user in this process's heap, indexed for each
 * lookup the application makes.
 *
 * <p>Contract (in addition to the one of {@link ConnectionRepository}):
 *
 * <ul>
 *   <li>The source of truth is one map from user id to the current, immutable {@link
 *       ConnectionUser}. Secondary indexes map a connection id, a company, a (company, role) pair
 *       and a role to user ids.
 *   <li>{@link #save} and {@link #remove} of one user run under that user's lock (a fixed set of
 *       striped locks), diffing the previous state against the new one. New index entries are added
 *       <em>before</em> the new state is published and stale ones removed <em>after</em>, so an
 *       index always holds at least the entries of every state a reader can see.
 *   <li>Readers take no lock: they pick the narrowest index for the criteria, load the current
 *       aggregate of each candidate and keep it only if {@link Criteria#matches} holds. A stale
 *       index entry can therefore only be filtered out; it never yields a wrong user.
 *   <li>An index key whose set of users becomes empty is removed, so memory stays flat when users
 *       come and go.
 *   <li>A connection id is expected to belong to one user at a time (ids are random); if two users
 *       claim the same id, the index follows the latest save.
 *   <li>Returned users are immutable and the returned lists are fresh, unmodifiable copies.
 * </ul>
 *
 * <p>Cost, with {@code c} and {@code r} the connections and roles of the user concerned: {@code
 * save} and {@code remove} are {@code O(c + r)}. A lookup by user id or connection id is {@code
 * O(1)}; by company, {@code O(users of the company)}; by company and role, {@code O(users of the
 * company with the role)}; by role alone, {@code O(users with the role)}. Only a criteria with none
 * of these fields (everyone, or everyone connected) visits every user, since every user may match.
 */
public final class InMemoryConnectionRepository implements ConnectionRepository {
  private static final int STRIPES = 64;

  private final ConcurrentHashMap<UserId, ConnectionUser> users = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<ConnectionId, UserId> byConnection = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<CompanyId, Set<UserId>> byCompany = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<CompanyRole, Set<UserId>> byCompanyRole =
      new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Role, Set<UserId>> byRole = new ConcurrentHashMap<>();
  private final Object[] locks = new Object[STRIPES];

  /** An empty repository. */
  public InMemoryConnectionRepository() {
    for (int i = 0; i < STRIPES; i++) {
      locks[i] = new Object();
    }
  }

  @Override
  public void save(ConnectionUser user) {
    Objects.requireNonNull(user, "user");
    UserId id = user.userId();
    synchronized (lockFor(id)) {
      ConnectionUser previous = users.get(id);
      Keys before = Keys.of(previous);
      Keys after = Keys.of(user);
      addAll(id, after.minus(before));
      users.put(id, user);
      removeAll(id, before.minus(after));
    }
  }

  @Override
  public void remove(UserId userId) {
    Objects.requireNonNull(userId, "userId");
    synchronized (lockFor(userId)) {
      ConnectionUser previous = users.remove(userId);
      if (previous != null) {
        removeAll(userId, Keys.of(previous));
      }
    }
  }

  /** Atomic under the user's lock. */
  @Override
  public Optional<ConnectionUser> removeIfDisconnected(UserId userId) {
    Objects.requireNonNull(userId, "userId");
    synchronized (lockFor(userId)) {
      ConnectionUser previous = users.get(userId);
      if (previous == null || previous.isConnected()) {
        return Optional.empty();
      }
      users.remove(userId);
      removeAll(userId, Keys.of(previous));
      return Optional.of(previous);
    }
  }

  @Override
  public Optional<ConnectionUser> findOne(Criteria criteria) {
    Objects.requireNonNull(criteria, "criteria");
    for (UserId id : candidates(criteria)) {
      ConnectionUser user = users.get(id);
      if (user != null && criteria.matches(user)) {
        return Optional.of(user);
      }
    }
    return Optional.empty();
  }

  @Override
  public List<ConnectionUser> find(Criteria criteria) {
    Objects.requireNonNull(criteria, "criteria");
    List<ConnectionUser> result = new ArrayList<>();
    for (UserId id : candidates(criteria)) {
      ConnectionUser user = users.get(id);
      if (user != null && criteria.matches(user)) {
        result.add(user);
      }
    }
    return Collections.unmodifiableList(result);
  }

  /**
   * How many keys the secondary indexes hold, all indexes together. Zero once every user is
   * removed; for tests that check memory stays flat.
   */
  int indexKeyCount() {
    return byConnection.size() + byCompany.size() + byCompanyRole.size() + byRole.size();
  }

  /** How many users are stored. */
  int userCount() {
    return users.size();
  }

  /** The ids of the users that may match, from the narrowest index the criteria allows. */
  private Collection<UserId> candidates(Criteria criteria) {
    if (criteria.userId().isPresent()) {
      return List.of(criteria.userId().get());
    }
    if (criteria.connectionId().isPresent()) {
      UserId holder = byConnection.get(criteria.connectionId().get());
      return holder == null ? List.of() : List.of(holder);
    }
    if (criteria.companyId().isPresent() && criteria.role().isPresent()) {
      return orEmpty(
          byCompanyRole.get(new CompanyRole(criteria.companyId().get(), criteria.role().get())));
    }
    if (criteria.companyId().isPresent()) {
      return orEmpty(byCompany.get(criteria.companyId().get()));
    }
    if (criteria.role().isPresent()) {
      return orEmpty(byRole.get(criteria.role().get()));
    }
    return users.keySet();
  }

  private static Collection<UserId> orEmpty(Set<UserId> ids) {
    return ids == null ? List.of() : ids;
  }

  private Object lockFor(UserId id) {
    int h = id.hashCode();
    return locks[(h ^ (h >>> 16)) & (STRIPES - 1)];
  }

  private void addAll(UserId id, Keys keys) {
    for (ConnectionId c : keys.connections) {
      byConnection.put(c, id);
    }
    if (keys.company != null) {
      add(byCompany, keys.company, id);
    }
    for (CompanyRole cr : keys.companyRoles) {
      add(byCompanyRole, cr, id);
    }
    for (Role r : keys.roles) {
      add(byRole, r, id);
    }
  }

  private void removeAll(UserId id, Keys keys) {
    for (ConnectionId c : keys.connections) {
      byConnection.remove(c, id);
    }
    if (keys.company != null) {
      remove(byCompany, keys.company, id);
    }
    for (CompanyRole cr : keys.companyRoles) {
      remove(byCompanyRole, cr, id);
    }
    for (Role r : keys.roles) {
      remove(byRole, r, id);
    }
  }

  private static <K> void add(ConcurrentHashMap<K, Set<UserId>> index, K key, UserId id) {
    index.compute(
        key,
        (k, ids) -> {
          Set<UserId> set = ids == null ? ConcurrentHashMap.newKeySet() : ids;
          set.add(id);
          return set;
        });
  }

  private static <K> void remove(ConcurrentHashMap<K, Set<UserId>> index, K key, UserId id) {
    index.computeIfPresent(
        key,
        (k, ids) -> {
          ids.remove(id);
          return ids.isEmpty() ? null : ids;
        });
  }

  /** A (company, role) pair: the key of the narrowest presence lookup. */
  private record CompanyRole(CompanyId companyId, Role role) {}

  /** Every index key one state of a user occupies. */
  private static final class Keys {
    private static final Keys NONE = new Keys(Set.of(), null, Set.of(), Set.of());

    final Set<ConnectionId> connections;
    final CompanyId company;
    final Set<CompanyRole> companyRoles;
    final Set<Role> roles;

    private Keys(
        Set<ConnectionId> connections,
        CompanyId company,
        Set<CompanyRole> companyRoles,
        Set<Role> roles) {
      this.connections = connections;
      this.company = company;
      this.companyRoles = companyRoles;
      this.roles = roles;
    }

    static Keys of(ConnectionUser user) {
      if (user == null) {
        return NONE;
      }
      Set<ConnectionId> connections = new HashSet<>();
      for (Connection c : user.connections()) {
        connections.add(c.id());
      }
      Set<CompanyRole> companyRoles = new HashSet<>();
      for (Role r : user.roles()) {
        companyRoles.add(new CompanyRole(user.companyId(), r));
      }
      return new Keys(connections, user.companyId(), companyRoles, user.roles());
    }

    /** The keys of this state that {@code other} does not occupy. */
    Keys minus(Keys other) {
      Set<ConnectionId> c = new HashSet<>(connections);
      c.removeAll(other.connections);
      Set<CompanyRole> cr = new HashSet<>(companyRoles);
      cr.removeAll(other.companyRoles);
      Set<Role> r = new HashSet<>(roles);
      r.removeAll(other.roles);
      return new Keys(c, Objects.equals(company, other.company) ? null : company, cr, r);
    }
  }
}
