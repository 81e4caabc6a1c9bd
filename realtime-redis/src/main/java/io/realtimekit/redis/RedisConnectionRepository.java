package io.realtimekit.redis;

import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.realtimekit.domain.Connection;
import io.realtimekit.domain.ConnectionRepository;
import io.realtimekit.domain.ConnectionUser;
import io.realtimekit.domain.Criteria;
import io.realtimekit.domain.DomainException;
import io.realtimekit.domain.ErrorCode;
import io.realtimekit.domain.NodeId;
import io.realtimekit.domain.UserId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ConnectionRepository} of a cluster: one shared record per user in Redis, merged per
 * node, plus a local copy of the users this node holds sockets of.
 *
 * <p>Contract, in addition to the one of {@link ConnectionRepository}:
 *
 * <ul>
 *   <li><b>{@code save} merges per node.</b> It replaces the connections <em>this node</em> holds
 *       with those of the saved user, and its company, roles and announced flag; connections of
 *       other nodes stay as stored while their node holds a lease (each node only changes its own
 *       sockets, so two nodes saving the same user at once lose nothing). A dead node's connection
 *       that the saved user no longer has is dropped (that is how a sweep lands). One Lua script
 *       does the merge and every index, atomically.
 *   <li>{@code removeIfDisconnected} is one atomic script: of several nodes checking the same user,
 *       one gets it.
 *   <li>Lookups read the indexes (sets per company, company and role, role, node; a hash per
 *       connection id), then the candidate records, keeping those {@link Criteria#matches}.
 *   <li><b>When Redis cannot be reached</b>, a save of a user holding sockets here is kept in the
 *       local copy and written again when Redis returns ({@link #resync}); lookups of such a user
 *       by user or connection id answer from the local copy; every other call fails with a {@link
 *       DomainException} {@code UNAVAILABLE}, never with a wrong empty answer. An offline check
 *       that cannot run is remembered and run again after the resync.
 * </ul>
 */
public final class RedisConnectionRepository implements ConnectionRepository {
  private static final Logger log = LoggerFactory.getLogger(RedisConnectionRepository.class);

  /** Told when the set of this node's users changes, around the Redis write. */
  interface LocalUsersListener {
    /**
     * Before the write: {@code after} is this node's new view (null when it holds no socket of the
     * user).
     */
    void beforeWrite(ConnectionUser before, ConnectionUser after);

    /** After the write. */
    void afterWrite(ConnectionUser before, ConnectionUser after);
  }

  private final RedisClusterCommands<String, String> redis;
  private final RedisClusterAsyncCommands<String, String> async;
  private final Keys keys;
  private final NodeId nodeId;
  private final Map<UserId, ConnectionUser> local = new ConcurrentHashMap<>();
  private final Set<UserId> pendingOfflineChecks = ConcurrentHashMap.newKeySet();
  private final ReentrantLock[] locks = new ReentrantLock[64];
  private volatile LocalUsersListener listener;
  private volatile boolean dirty;

  /**
   * @param connection a connection shared by the engine (thread-safe)
   * @param keyPrefix the prefix of every key
   * @param nodeId the node this repository saves for
   */
  public RedisConnectionRepository(
      StatefulRedisConnection<String, String> connection, String keyPrefix, NodeId nodeId) {
    this(RedisAccess.of(connection), keyPrefix, nodeId);
  }

  /** Over a standalone Redis or a Redis Cluster. */
  RedisConnectionRepository(RedisAccess access, String keyPrefix, NodeId nodeId) {
    this.redis = access.sync();
    this.async = access.async();
    this.keys = new Keys(keyPrefix);
    this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
    for (int i = 0; i < locks.length; i++) {
      locks[i] = new ReentrantLock();
    }
  }

  void listener(LocalUsersListener l) {
    this.listener = l;
  }

  @Override
  public void save(ConnectionUser user) {
    Objects.requireNonNull(user, "user");
    withLock(
        user.userId(),
        () -> {
          ConnectionUser before = local.get(user.userId());
          ConnectionUser after = holdsHere(user) ? user : null;
          LocalUsersListener l = listener;
          if (l != null) {
            l.beforeWrite(before, after);
          }
          try {
            write(user);
          } catch (RedisException e) {
            if (after == null && before == null) {
              throw unavailable(e);
            }
            dirty = true;
            log.warn(
                "Redis unreachable: user {} kept on this node, written again when Redis returns ({})",
                user.userId(),
                e.getMessage());
          }
          if (after == null) {
            local.remove(user.userId());
          } else {
            local.put(user.userId(), after);
          }
          if (l != null) {
            l.afterWrite(before, after);
          }
        });
  }

  private boolean holdsHere(ConnectionUser user) {
    for (Connection c : user.connections()) {
      if (c.nodeId().equals(nodeId)) {
        return true;
      }
    }
    return false;
  }

  private void write(ConnectionUser user) {
    ConnectionUser.Primitives p = user.toPrimitives();
    List<String> args = new ArrayList<>();
    args.add(keys.registry());
    args.add(p.userId());
    args.add(nodeId.value());
    args.add(p.companyId());
    args.add(String.join(",", p.roles()));
    args.add(p.announcedOnline() ? "1" : "0");
    for (ConnectionUser.Primitives.ConnectionPrimitives c : p.connections()) {
      args.add(c.connectionId());
      args.add(c.nodeId());
      args.add(Long.toString(c.openedAtMillis()));
    }
    redis.eval(
        Scripts.SAVE_USER,
        ScriptOutputType.INTEGER,
        new String[] {keys.user(p.userId())},
        args.toArray(String[]::new));
  }

  @Override
  public void remove(UserId userId) {
    Objects.requireNonNull(userId, "userId");
    withLock(
        userId,
        () -> {
          removeScript(userId, false);
          dropLocal(userId);
        });
  }

  @Override
  public Optional<ConnectionUser> removeIfDisconnected(UserId userId) {
    Objects.requireNonNull(userId, "userId");
    @SuppressWarnings("unchecked")
    Optional<ConnectionUser>[] out = new Optional[] {Optional.empty()};
    withLock(
        userId,
        () -> {
          try {
            out[0] = removeScript(userId, true);
          } catch (DomainException e) {
            pendingOfflineChecks.add(userId);
            log.warn(
                "Redis unreachable: the offline check of {} runs again when Redis returns", userId);
            return;
          }
          if (out[0].isPresent()) {
            dropLocal(userId);
          }
        });
    return out[0];
  }

  private void dropLocal(UserId userId) {
    ConnectionUser before = local.remove(userId);
    LocalUsersListener l = listener;
    if (before != null && l != null) {
      l.afterWrite(before, null);
    }
  }

  private Optional<ConnectionUser> removeScript(UserId userId, boolean onlyIfDisconnected) {
    List<Object> old;
    try {
      old =
          redis.eval(
              Scripts.REMOVE_USER,
              ScriptOutputType.MULTI,
              new String[] {keys.user(userId)},
              keys.registry(),
              userId.value(),
              onlyIfDisconnected ? "1" : "0");
    } catch (RedisException e) {
      throw unavailable(e);
    }
    if (old == null || old.isEmpty()) {
      return Optional.empty();
    }
    Map<String, String> hash = new HashMap<>();
    for (int i = 0; i + 1 < old.size(); i += 2) {
      hash.put(String.valueOf(old.get(i)), String.valueOf(old.get(i + 1)));
    }
    return Optional.ofNullable(toUser(userId.value(), hash));
  }

  @Override
  public Optional<ConnectionUser> findOne(Criteria criteria) {
    Objects.requireNonNull(criteria, "criteria");
    if (criteria.userId().isPresent() || criteria.connectionId().isPresent()) {
      List<ConnectionUser> found = find(criteria);
      return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }
    return find(criteria).stream().findFirst();
  }

  @Override
  public List<ConnectionUser> find(Criteria criteria) {
    Objects.requireNonNull(criteria, "criteria");
    try {
      return load(candidates(criteria), criteria);
    } catch (RedisException e) {
      return fromLocal(criteria, e);
    }
  }

  /** From the node's index {@code n:<node>}, not a scan of every user. */
  @Override
  public List<ConnectionUser> findConnectedOn(NodeId node) {
    Objects.requireNonNull(node, "node");
    try {
      return load(redis.smembers(keys.nodeUsers(node)), Criteria.any().connected(true)).stream()
          .filter(u -> u.connections().stream().anyMatch(c -> c.nodeId().equals(node)))
          .toList();
    } catch (RedisException e) {
      throw unavailable(e);
    }
  }

  private List<ConnectionUser> fromLocal(Criteria criteria, RedisException e) {
    if (criteria.userId().isPresent()) {
      ConnectionUser u = local.get(criteria.userId().get());
      if (u != null) {
        return criteria.matches(u) ? List.of(u) : List.of();
      }
    } else if (criteria.connectionId().isPresent()) {
      for (ConnectionUser u : local.values()) {
        if (u.connection(criteria.connectionId().get()).isPresent()) {
          return criteria.matches(u) ? List.of(u) : List.of();
        }
      }
    }
    throw unavailable(e);
  }

  private Collection<String> candidates(Criteria c) {
    if (c.userId().isPresent()) {
      return List.of(c.userId().get().value());
    }
    if (c.connectionId().isPresent()) {
      String holder = redis.hget(keys.connections(), c.connectionId().get().value());
      return holder == null ? List.of() : List.of(holder);
    }
    if (c.companyId().isPresent() && c.role().isPresent()) {
      return redis.smembers(keys.companyRole(c.companyId().get(), c.role().get()));
    }
    if (c.companyId().isPresent()) {
      return redis.smembers(keys.company(c.companyId().get()));
    }
    if (c.role().isPresent()) {
      return redis.smembers(keys.role(c.role().get()));
    }
    return redis.smembers(keys.all());
  }

  private List<ConnectionUser> load(Collection<String> ids, Criteria criteria) {
    if (ids.isEmpty()) {
      return List.of();
    }
    List<String> order = new ArrayList<>(ids);
    List<RedisFuture<Map<String, String>>> futures = new ArrayList<>(order.size());
    for (String id : order) {
      futures.add(async.hgetall(keys.user(id)));
    }
    List<ConnectionUser> out = new ArrayList<>();
    for (int i = 0; i < order.size(); i++) {
      Map<String, String> hash;
      try {
        hash = futures.get(i).get(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RedisException("interrupted", e);
      } catch (Exception e) {
        throw e instanceof RedisException re ? re : new RedisException(e.getMessage(), e);
      }
      ConnectionUser u = toUser(order.get(i), hash);
      if (u != null && criteria.matches(u)) {
        out.add(u);
      }
    }
    return List.copyOf(out);
  }

  /** The user a stored hash describes, or null when there is none or it is unreadable. */
  static ConnectionUser toUser(String userId, Map<String, String> hash) {
    if (hash == null || !hash.containsKey("company")) {
      return null;
    }
    List<ConnectionUser.Primitives.ConnectionPrimitives> conns = new ArrayList<>();
    for (Map.Entry<String, String> e : hash.entrySet()) {
      if (e.getKey().startsWith("c:")) {
        String v = e.getValue();
        int bar = v.indexOf('|');
        conns.add(
            new ConnectionUser.Primitives.ConnectionPrimitives(
                e.getKey().substring(2),
                v.substring(0, bar),
                Long.parseLong(v.substring(bar + 1))));
      }
    }
    conns.sort(
        Comparator.comparingLong(ConnectionUser.Primitives.ConnectionPrimitives::openedAtMillis)
            .thenComparing(ConnectionUser.Primitives.ConnectionPrimitives::connectionId));
    List<String> roles = List.of(hash.getOrDefault("roles", "").split(","));
    try {
      return ConnectionUser.fromPrimitives(
          new ConnectionUser.Primitives(
              userId, hash.get("company"), roles, conns, "1".equals(hash.get("announced"))));
    } catch (DomainException e) {
      log.warn("unreadable record of user {} skipped: {}", userId, e.getMessage());
      return null;
    }
  }

  /** The users this node holds sockets of, as this node last saved them. */
  Collection<ConnectionUser> localUsers() {
    return List.copyOf(local.values());
  }

  /** True after a save that could not reach Redis, until {@link #resync} succeeds. */
  boolean isDirty() {
    return dirty;
  }

  /**
   * Writes every user this node holds sockets of to Redis again (after an outage, or after Redis
   * lost its data), and returns the users whose offline check could not run meanwhile.
   *
   * @throws RedisException when Redis is still unreachable
   */
  Set<UserId> resync() {
    dirty = false;
    for (UserId id : List.copyOf(local.keySet())) {
      withLock(
          id,
          () -> {
            ConnectionUser u = local.get(id);
            if (u != null) {
              try {
                write(u);
              } catch (RedisException e) {
                dirty = true;
                throw e;
              }
            }
          });
    }
    Set<UserId> pending = Set.copyOf(pendingOfflineChecks);
    pendingOfflineChecks.removeAll(pending);
    return pending;
  }

  private void withLock(UserId id, Runnable r) {
    ReentrantLock lock = locks[Math.floorMod(id.hashCode(), locks.length)];
    lock.lock();
    try {
      r.run();
    } finally {
      lock.unlock();
    }
  }

  static DomainException unavailable(RedisException e) {
    return new DomainException(
        ErrorCode.UNAVAILABLE, "the cluster store is unreachable: " + e.getMessage());
  }
}
