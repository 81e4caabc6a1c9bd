package io.realtimekit.redis;

import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.realtimekit.application.port.ChannelRegistry;
import io.realtimekit.application.port.CloseReason;
import io.realtimekit.application.port.DeliveryException;
import io.realtimekit.application.port.DeliveryPort;
import io.realtimekit.application.port.OutboundEvent;
import io.realtimekit.application.port.StreamPosition;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.ConnectionId;
import io.realtimekit.domain.ConnectionUser;
import io.realtimekit.domain.NodeId;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import io.realtimekit.infrastructure.local.LocalDelivery;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link DeliveryPort} of a cluster: hands an event to this node's sockets, then publishes it
 * on the Redis channel of its target for the other nodes.
 *
 * <p>A node subscribes to the channel of each user it holds a socket of, of each company, and of
 * each (company, role) it holds a socket with; it subscribes <em>before</em> the user's record says
 * so (the repository tells it around each save), so a sender that sees the user online reaches it.
 * PUBLISH answers how many nodes got the message, so the count returned is this node's sockets plus
 * one per other node reached: 0 means the target is connected nowhere, and that is the {@code
 * USER_NOT_CONNECTED} of a chat message, cluster-wide.
 *
 * <p>On a Redis Cluster pub/sub is sharded ({@link ShardedPubSub}); after a failover {@link
 * #subscriptionsLost} turns true and the engine subscribes again.
 *
 * <p>When Redis cannot be reached, an event that reached at least one socket of this node returns
 * that count (same-node users keep chatting; the other nodes miss it and it is not replayed); one
 * that reached none throws {@link DeliveryException} ({@code UNAVAILABLE}), never a count it did
 * not deliver. Transient events (typing) never throw. {@link #toConnection} is local (presence
 * watchers are sockets of this node).
 *
 * <p>The channels held are counted in {@link ChannelSubscriptions}; the messages' JSON is written
 * and read by {@link ClusterMessages}.
 */
final class RedisDelivery extends RedisPubSubAdapter<String, String>
    implements DeliveryPort, RedisConnectionRepository.LocalUsersListener {
  private static final Logger log = LoggerFactory.getLogger(RedisDelivery.class);

  private final DeliveryPort local;
  private final RedisClusterCommands<String, String> redis;
  private final Keys keys;
  private final String me;
  private final ShardedPubSub shards;
  private final ChannelSubscriptions subscriptions;
  private final ClusterMessages messages;

  RedisDelivery(
      ChannelRegistry registry,
      RedisClusterCommands<String, String> redis,
      StatefulRedisPubSubConnection<String, String> pubsub,
      Keys keys,
      NodeId nodeId) {
    this.local = LocalDelivery.over(registry);
    this.redis = redis;
    this.keys = keys;
    this.me = nodeId.value();
    this.shards = new ShardedPubSub(redis, pubsub);
    this.subscriptions = new ChannelSubscriptions(shards, keys);
    this.messages = new ClusterMessages(me, local);
    pubsub.addListener(this);
    subscriptions.subscribeNodeChannel(keys.nodeChannel(nodeId));
  }

  // ---------------------------------------------------------------- DeliveryPort

  @Override
  public int toUser(CompanyId companyId, UserId userId, OutboundEvent event) {
    int n = local.toUser(companyId, userId, event);
    String m = messages.user(companyId, userId, event);
    int others = publish(keys.userChannel(companyId, userId), m, n, event.transientEvent());
    if (n + others == 0 && shards.sharded() && !event.transientEvent()) {
      refuseIfHeldElsewhere(companyId, userId);
    }
    return n + others;
  }

  /**
   * Nobody heard a message to a user whose record names another node: after a failover that node
   * subscribes again within a heartbeat; till then the user is unreachable, not "not connected".
   */
  private void refuseIfHeldElsewhere(CompanyId companyId, UserId userId) {
    boolean held;
    try {
      held = !locate(companyId, Set.of(userId)).isEmpty();
    } catch (RedisException e) {
      throw new DeliveryException("other nodes are unreachable (the cluster broker is down)", e);
    }
    if (held) {
      throw new DeliveryException(
          "the receiver's node is not subscribed yet (a Redis Cluster failover); try again");
    }
  }

  /**
   * When every socket of the receiver was on this node a moment ago, local delivery is tried first
   * and, when it reaches a socket, nothing is published: a chat between two users of one node costs
   * no Redis round trip. A stale hint (local delivery reaches nobody) falls back to the full path.
   */
  @Override
  public int toUser(
      CompanyId companyId, UserId userId, Set<NodeId> nodesHint, OutboundEvent event) {
    if (nodesHint.size() == 1 && me.equals(nodesHint.iterator().next().value())) {
      int n = local.toUser(companyId, userId, event);
      if (n > 0) {
        return n;
      }
    }
    return toUser(companyId, userId, event);
  }

  /**
   * A conversation's fan-out: this node's sockets of the users first, then one PUBLISH per other
   * node holding any of them, on that node's channel ({@code ch:n:<node>}), carrying the users it
   * holds; the nodes are read in one round trip from the users' shared records (their connections).
   * So N participants over K nodes cost K - 1 publishes, not N. Returns this node's sockets plus
   * one per other node reached. A socket opened on another node whose record is not written yet is
   * not reached (its {@code connected} frame comes after that write).
   */
  @Override
  public int toUsers(CompanyId companyId, Set<UserId> userIds, OutboundEvent event) {
    return fanOut(companyId, userIds, null, event);
  }

  /**
   * As {@link #toUsers}, for an event kept in each user's own stream: each node's message carries,
   * beside each recipient it holds, that recipient's position ({@code "ps"}: {@code [epoch,
   * offset]} pairs in the order of {@code "us"}), and the receiving node hands each recipient's
   * sockets the event at its own position. Still K - 1 publishes for K nodes.
   */
  @Override
  public int toUsersAt(
      CompanyId companyId, Map<UserId, StreamPosition> positions, OutboundEvent event) {
    return fanOut(companyId, positions.keySet(), positions, event);
  }

  private int fanOut(
      CompanyId companyId,
      Set<UserId> userIds,
      Map<UserId, StreamPosition> positions,
      OutboundEvent event) {
    int n = 0;
    for (UserId u : userIds) {
      n +=
          local.toUser(
              companyId, u, positions == null ? event : event.withPosition(positions.get(u)));
    }
    Map<String, List<UserId>> byNode;
    try {
      byNode = locate(companyId, userIds);
    } catch (RedisException e) {
      if (event.transientEvent() || n > 0) {
        log.debug("other nodes unreachable, delivered on this node only: {}", e.getMessage());
        return n;
      }
      throw new DeliveryException("other nodes are unreachable (the cluster broker is down)", e);
    }
    for (Map.Entry<String, List<UserId>> node : byNode.entrySet()) {
      String m = messages.listed(companyId, node.getValue(), positions, event);
      n += publish(keys.nodeChannel(NodeId.of(node.getKey())), m, n, event.transientEvent());
    }
    return n;
  }

  /** The other nodes holding sockets of {@code userIds}, each with the users it holds. */
  private Map<String, List<UserId>> locate(CompanyId companyId, Set<UserId> userIds) {
    List<UserId> users = List.copyOf(userIds);
    String[] keyNames = users.stream().map(keys::user).toArray(String[]::new);
    List<Object> nodes =
        redis.eval(Scripts.LOCATE_USERS, ScriptOutputType.MULTI, keyNames, companyId.toString());
    Map<String, List<UserId>> byNode = new LinkedHashMap<>();
    for (int i = 0; i < users.size() && i < nodes.size(); i++) {
      Object held = nodes.get(i);
      if (held == null) {
        continue;
      }
      for (String node : held.toString().split(" ")) {
        if (!node.isEmpty() && !node.equals(me)) {
          byNode.computeIfAbsent(node, k -> new ArrayList<>()).add(users.get(i));
        }
      }
    }
    return byNode;
  }

  @Override
  public int toRole(CompanyId companyId, Role role, OutboundEvent event) {
    int n = local.toRole(companyId, role, event);
    String m = messages.role(companyId, role, event);
    return n + publish(keys.roleChannel(companyId, role), m, n, event.transientEvent());
  }

  @Override
  public int toCompany(CompanyId companyId, OutboundEvent event) {
    int n = local.toCompany(companyId, event);
    return n
        + publish(
            keys.companyChannel(companyId),
            messages.company(companyId, event),
            n,
            event.transientEvent());
  }

  @Override
  public boolean toConnection(CompanyId companyId, ConnectionId connectionId, OutboundEvent event) {
    return local.toConnection(companyId, connectionId, event);
  }

  @Override
  public void watchPresence(ConnectionId connectionId) {
    local.watchPresence(connectionId);
  }

  /**
   * Presence diffs go on the company channel, so watchers on every node get them. The message
   * carries the subject's roles ({@code "rs"}) and, for nodes of an earlier version, whether it is
   * only a visitor ({@code "v"}).
   */
  @Override
  public int toPresenceWatchers(
      CompanyId companyId, UserId subject, Set<Role> subjectRoles, OutboundEvent event) {
    int n = local.toPresenceWatchers(companyId, subject, subjectRoles, event);
    String m = messages.presence(companyId, subject, subjectRoles, event);
    publish(keys.companyChannel(companyId), m, 1, true);
    return n;
  }

  @Override
  public int closeUser(CompanyId companyId, UserId userId, CloseReason why, String reason) {
    int n = local.closeUser(companyId, userId, why, reason);
    String m = messages.close(companyId, userId, why, reason);
    return n + publish(keys.userChannel(companyId, userId), m, n, false);
  }

  /** Publishes; returns the other nodes reached. */
  private int publish(String channel, String message, int localCount, boolean transientEvent) {
    long receivers;
    try {
      receivers = shards.publish(channel, message);
    } catch (RedisException e) {
      if (transientEvent || localCount > 0) {
        log.debug("other nodes unreachable, delivered on this node only: {}", e.getMessage());
        return 0;
      }
      throw new DeliveryException("other nodes are unreachable (the cluster broker is down)", e);
    }
    long self = subscriptions.holds(channel) ? 1 : 0;
    return (int) Math.max(0, receivers - self);
  }

  // ---------------------------------------------------------------- receiving

  @Override
  public void smessage(String channel, String message) {
    message(channel, message);
  }

  /** A master dropped a channel this node still needs (its slot moved): subscribe again. */
  @Override
  public void sunsubscribed(String channel, long count) {
    subscriptions.dropped(channel);
  }

  @Override
  public void message(String channel, String message) {
    messages.deliver(channel, message);
  }

  // ---------------------------------------------------------------- subscriptions

  @Override
  public void beforeWrite(ConnectionUser before, ConnectionUser after) {
    subscriptions.beforeWrite(before, after);
  }

  @Override
  public void afterWrite(ConnectionUser before, ConnectionUser after) {
    subscriptions.afterWrite(before, after);
  }

  /**
   * True when a subscription could not be made, or (Redis Cluster) a master dropped one or the
   * masters changed; {@link #resubscribe} repairs it.
   */
  boolean subscriptionsLost() {
    return subscriptions.lost();
  }

  /** Subscribes again to every channel this node needs (after an outage). */
  void resubscribe() {
    subscriptions.resubscribe();
  }

  /** How many channels this node is subscribed to, its own node channel included (for tests). */
  int subscriptionCount() {
    return subscriptions.count();
  }
}
