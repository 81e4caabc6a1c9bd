package io.realtimekit.redis;

import io.lettuce.core.RedisException;
import io.realtimekit.domain.ConnectionUser;
import io.realtimekit.domain.Role;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis channels a node is subscribed to, counted by reference: its own node channel, and the
 * channel of each user it holds a socket of, of each company, and of each (company, role) it holds
 * a socket with. A channel is subscribed when its first reference comes (before the user's record
 * is written) and unsubscribed when its last one goes (after the write).
 *
 * <p>When a subscription cannot be made, or on a Redis Cluster a master drops a channel or the
 * masters change (a failover), {@link #lost} turns true and {@link #resubscribe} repairs it.
 */
final class ChannelSubscriptions implements RedisConnectionRepository.LocalUsersListener {
  private static final Logger log = LoggerFactory.getLogger(ChannelSubscriptions.class);

  private final ShardedPubSub shards;
  private final Keys keys;
  private final Map<String, Integer> refs = new ConcurrentHashMap<>();
  private final Object lock = new Object();
  private volatile boolean lost;

  ChannelSubscriptions(ShardedPubSub shards, Keys keys) {
    this.shards = shards;
    this.keys = keys;
  }

  /** Subscribes to this node's own channel, held for the node's whole life. */
  void subscribeNodeChannel(String nodeChannel) {
    synchronized (lock) {
      refs.put(nodeChannel, 1);
      try {
        shards.subscribe(List.of(nodeChannel));
      } catch (RedisException e) {
        lost = true;
        log.warn(
            "cannot subscribe to this node's channel now, will when Redis returns: {}",
            e.getMessage());
      }
    }
  }

  /** True when this node needs {@code channel} (so a PUBLISH on it counts this node). */
  boolean holds(String channel) {
    return refs.containsKey(channel);
  }

  /** A master dropped {@code channel} (its slot moved): subscribe again if this node needs it. */
  void dropped(String channel) {
    if (refs.containsKey(channel)) {
      lost = true;
    }
  }

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
    synchronized (lock) {
      List<String> fresh =
          added.stream().filter(ch -> refs.merge(ch, 1, Integer::sum) == 1).toList();
      if (!fresh.isEmpty()) {
        try {
          shards.subscribe(fresh);
        } catch (RedisException e) {
          lost = true;
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
    synchronized (lock) {
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
  boolean lost() {
    if (shards.topologyChanged()) {
      lost = true;
    }
    return lost;
  }

  /** Subscribes again to every channel this node needs (after an outage). */
  void resubscribe() {
    synchronized (lock) {
      lost = false;
      shards.topologySeen();
      if (refs.isEmpty()) {
        return;
      }
      try {
        shards.subscribe(List.copyOf(refs.keySet()));
      } catch (RedisException e) {
        lost = true;
        throw e;
      }
    }
  }

  /** How many channels this node is subscribed to, its own node channel included. */
  int count() {
    return refs.size();
  }
}
