package io.realtimekit.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
 */
final class RedisDelivery extends RedisPubSubAdapter<String, String>
    implements DeliveryPort, RedisConnectionRepository.LocalUsersListener {
  private static final Logger log = LoggerFactory.getLogger(RedisDelivery.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final DeliveryPort local;
  private final RedisClusterCommands<String, String> redis;
  private final StatefulRedisPubSubConnection<String, String> pubsub;
  private final Keys keys;
  private final String me;
  private final Map<String, Integer> refs = new ConcurrentHashMap<>();
  private final Object subscriptionLock = new Object();
  private volatile boolean subscriptionsLost;
  private final String nodeChannel;
  private final ShardedPubSub shards;

  RedisDelivery(
      ChannelRegistry registry,
      RedisClusterCommands<String, String> redis,
      StatefulRedisPubSubConnection<String, String> pubsub,
      Keys keys,
      NodeId nodeId) {
    this.local = LocalDelivery.over(registry);
    this.redis = redis;
    this.pubsub = pubsub;
    this.keys = keys;
    this.me = nodeId.value();
    this.nodeChannel = keys.nodeChannel(nodeId);
    this.shards = new ShardedPubSub(redis, pubsub);
    pubsub.addListener(this);
    synchronized (subscriptionLock) {
      refs.put(nodeChannel, 1);
      try {
        shards.subscribe(List.of(nodeChannel));
      } catch (RedisException e) {
        subscriptionsLost = true;
        log.warn(
            "cannot subscribe to this node's channel now, will when Redis returns: {}",
            e.getMessage());
      }
    }
  }

  // ---------------------------------------------------------------- DeliveryPort

  @Override
  public int toUser(CompanyId companyId, UserId userId, OutboundEvent event) {
    int n = local.toUser(companyId, userId, event);
    ObjectNode m = envelope("u", companyId, event).put("u", userId.value());
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
      ObjectNode m = envelope("m", companyId, event);
      ArrayNode users = m.putArray("us");
      ArrayNode kept = positions == null ? null : m.putArray("ps");
      for (UserId u : node.getValue()) {
        users.add(u.value());
        if (kept != null) {
          StreamPosition p = positions.get(u);
          kept.addArray().add(p.epoch()).add(p.offset());
        }
      }
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
    ObjectNode m = envelope("r", companyId, event).put("r", role.name());
    return n + publish(keys.roleChannel(companyId, role), m, n, event.transientEvent());
  }

  @Override
  public int toCompany(CompanyId companyId, OutboundEvent event) {
    int n = local.toCompany(companyId, event);
    return n
        + publish(
            keys.companyChannel(companyId),
            envelope("c", companyId, event),
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
    ObjectNode m =
        envelope("p", companyId, event)
            .put("u", subject.value())
            .put("v", Role.isOnlyVisitor(subjectRoles));
    ArrayNode roles = m.putArray("rs");
    subjectRoles.forEach(r -> roles.add(r.name()));
    publish(keys.companyChannel(companyId), m, 1, true);
    return n;
  }

  /**
   * The subject's roles of a presence message; from {@code "v"} when an earlier version sent it.
   */
  private static Set<Role> subjectRoles(JsonNode m) {
    JsonNode rs = m.get("rs");
    if (rs == null || !rs.isArray()) {
      return m.path("v").asBoolean() ? Set.of(Role.VISITOR) : Set.of();
    }
    Set<Role> roles = new HashSet<>();
    rs.forEach(r -> roles.add(Role.of(r.asText())));
    return roles;
  }

  @Override
  public int closeUser(CompanyId companyId, UserId userId, CloseReason why, String reason) {
    int n = local.closeUser(companyId, userId, why, reason);
    ObjectNode m =
        JSON.createObjectNode()
            .put("o", me)
            .put("k", "x")
            .put("c", companyId.toString())
            .put("u", userId.value())
            .put("cr", why.name())
            .put("why", reason);
    return n + publish(keys.userChannel(companyId, userId), m, n, false);
  }

  private ObjectNode envelope(String kind, CompanyId companyId, OutboundEvent event) {
    ObjectNode m =
        JSON.createObjectNode()
            .put("o", me)
            .put("k", kind)
            .put("c", companyId.toString())
            .put("n", event.name())
            .put("d", event.dataJson())
            .put("t", event.transientEvent());
    if (event.isKept()) {
      // kept once by the sending node in the shared stream: the receiving nodes write its position
      m.put("e", event.position().epoch()).put("s", event.offset());
    }
    return m;
  }

  /** Publishes; returns the other nodes reached. */
  private int publish(String channel, ObjectNode message, int localCount, boolean transientEvent) {
    long receivers;
    try {
      receivers = shards.publish(channel, message.toString());
    } catch (RedisException e) {
      if (transientEvent || localCount > 0) {
        log.debug("other nodes unreachable, delivered on this node only: {}", e.getMessage());
        return 0;
      }
      throw new DeliveryException("other nodes are unreachable (the cluster broker is down)", e);
    }
    long self = refs.containsKey(channel) ? 1 : 0;
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
    if (refs.containsKey(channel)) {
      subscriptionsLost = true;
    }
  }

  @Override
  public void message(String channel, String message) {
    try {
      JsonNode m = JSON.readTree(message);
      if (me.equals(m.path("o").asText())) {
        return;
      }
      CompanyId company = CompanyId.of(m.path("c").asText());
      String kind = m.path("k").asText();
      if ("x".equals(kind)) {
        // earlier versions sent the close code of a kick, the only close they relayed
        CloseReason why =
            m.hasNonNull("cr") ? CloseReason.valueOf(m.path("cr").asText()) : CloseReason.KICKED;
        local.closeUser(company, UserId.of(m.path("u").asText()), why, m.path("why").asText());
        return;
      }
      OutboundEvent event =
          new OutboundEvent(m.path("n").asText(), m.path("d").asText(), m.path("t").asBoolean());
      if (m.hasNonNull("e") && m.path("s").canConvertToLong()) {
        event = event.withPosition(new StreamPosition(m.path("e").asText(), m.path("s").asLong()));
      }
      switch (kind) {
        case "u" -> local.toUser(company, UserId.of(m.path("u").asText()), event);
        case "r" -> local.toRole(company, Role.of(m.path("r").asText()), event);
        case "c" -> local.toCompany(company, event);
        case "m" -> toListed(company, m, event);
        case "p" ->
            local.toPresenceWatchers(
                company, UserId.of(m.path("u").asText()), subjectRoles(m), event);
        default -> log.warn("unknown cluster message kind {} on {}", kind, channel);
      }
    } catch (Exception e) {
      log.warn("unreadable cluster message on {} dropped: {}", channel, e.toString());
    }
  }

  /** A node-channel message: each listed user's sockets, at its own position if given. */
  private void toListed(CompanyId company, JsonNode m, OutboundEvent event) {
    JsonNode kept = m.path("ps");
    int i = 0;
    for (JsonNode u : m.path("us")) {
      JsonNode p = kept.path(i++);
      OutboundEvent e =
          p.isArray() && p.path(1).canConvertToLong()
              ? event.withPosition(new StreamPosition(p.path(0).asText(), p.path(1).asLong()))
              : event;
      local.toUser(company, UserId.of(u.asText()), e);
    }
  }

  // ---------------------------------------------------------------- subscriptions

  private Set<String> channels(ConnectionUser u) {
    if (u == null) {
      return Set.of();
    }
    Set<String> s = new HashSet<>();
    s.add(keys.userChannel(u.companyId(), u.userId()));
    s.add(keys.companyChannel(u.companyId()));
    for (Role r : u.roles()) {
      s.add(keys.roleChannel(u.companyId(), r));
    }
    return s;
  }

  @Override
  public void beforeWrite(ConnectionUser before, ConnectionUser after) {
    Set<String> added = new HashSet<>(channels(after));
    added.removeAll(channels(before));
    if (added.isEmpty()) {
      return;
    }
    synchronized (subscriptionLock) {
      List<String> fresh =
          added.stream().filter(ch -> refs.merge(ch, 1, Integer::sum) == 1).toList();
      if (!fresh.isEmpty()) {
        try {
          shards.subscribe(fresh);
        } catch (RedisException e) {
          subscriptionsLost = true;
          log.warn("cannot subscribe now, will when Redis returns: {}", e.getMessage());
        }
      }
    }
  }

  @Override
  public void afterWrite(ConnectionUser before, ConnectionUser after) {
    Set<String> removed = new HashSet<>(channels(before));
    removed.removeAll(channels(after));
    if (removed.isEmpty()) {
      return;
    }
    synchronized (subscriptionLock) {
      List<String> gone =
          removed.stream()
              .filter(ch -> refs.computeIfPresent(ch, (k, v) -> v <= 1 ? null : v - 1) == null)
              .toList();
      if (!gone.isEmpty()) {
        try {
          shards.unsubscribe(gone);
        } catch (RedisException e) {
          log.debug("cannot unsubscribe now: {}", e.getMessage());
        }
      }
    }
  }

  /**
   * True when a subscription could not be made, or (Redis Cluster) a master dropped one or the
   * masters changed; {@link #resubscribe} repairs it.
   */
  boolean subscriptionsLost() {
    if (shards.topologyChanged()) {
      subscriptionsLost = true;
    }
    return subscriptionsLost;
  }

  /** Subscribes again to every channel this node needs (after an outage). */
  void resubscribe() {
    synchronized (subscriptionLock) {
      subscriptionsLost = false;
      shards.topologySeen();
      if (refs.isEmpty()) {
        return;
      }
      try {
        shards.subscribe(List.copyOf(refs.keySet()));
      } catch (RedisException e) {
        subscriptionsLost = true;
        throw e;
      }
    }
  }

  /** How many channels this node is subscribed to, its own node channel included (for tests). */
  int subscriptionCount() {
    return refs.size();
  }
}
