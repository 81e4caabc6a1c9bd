package io.realtimekit.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.realtimekit.application.port.KeptEvent;
import io.realtimekit.application.port.StreamLimits;
import io.realtimekit.application.port.StreamPosition;
import io.realtimekit.application.port.StreamRead;
import io.realtimekit.application.port.UserEventStreams;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.UserId;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@link UserEventStreams} shared by every node, in Redis: per user, a Redis stream of its events
 * (entry id {@code <offset>-0}, fields type, payload and time) and a meta hash holding the epoch
 * and the last offset. Each operation is one Lua script over those two keys, which share a hash tag
 * ({@code s:{<company>:<user>}}), so it is atomic and touches one slot (ready for Redis Cluster).
 *
 * <ul>
 *   <li>append: the offset is {@code HINCRBY} on the meta, the entry is {@code XADD ... MAXLEN ~
 *       maxEvents} (trimmed in whole blocks: Redis may keep up to a block more than the cap, never
 *       fewer), then entries older than the window are dropped with {@code XTRIM MINID}; the stream
 *       key expires one window after its last append, the meta after {@code idleRetention} (default
 *       1 hour) without use.
 *   <li>epoch: set in the meta hash only when the hash is absent (the atomic equivalent of a key
 *       created with {@code SET NX}); when Redis loses the hash (a restart without persistence, an
 *       eviction, an hour idle) the next use draws a new epoch, so a client holding the old one is
 *       told {@code EPOCH_CHANGED}, never given a silent gap.
 *   <li>time: the window is measured on the clock of the node that appends or reads (ms in each
 *       entry), so nodes' clocks should agree to well within the window.
 * </ul>
 *
 * <p>Calls are synchronous (one round trip each) and throw a Lettuce {@code RedisException} when
 * Redis cannot be reached.
 */
public final class RedisUserEventStreams implements UserEventStreams {
  /** How long an unused stream keeps its epoch and last offset, by default. */
  public static final Duration DEFAULT_IDLE_RETENTION = Duration.ofHours(1);

  private final RedisClusterCommands<String, String> redis;
  private final boolean cluster;
  private final Keys keys;
  private final long windowMillis;
  private final int maxEvents;
  private final long idleRetentionMillis;
  private final Clock clock;
  private final String appendSha;
  private final String readSha;
  private final String positionSha;
  private final String appendAllSha;

  RedisUserEventStreams(
      StatefulRedisConnection<String, String> connection,
      Keys keys,
      StreamLimits limits,
      Clock clock,
      Duration idleRetention) {
    this(RedisAccess.of(connection), keys, limits, clock, idleRetention);
  }

  RedisUserEventStreams(
      RedisAccess access, Keys keys, StreamLimits limits, Clock clock, Duration idleRetention) {
    this.redis = access.sync();
    this.cluster = access.cluster();
    this.keys = Objects.requireNonNull(keys, "keys");
    this.windowMillis = limits.window().toMillis();
    this.maxEvents = limits.maxEvents();
    this.idleRetentionMillis = Math.max(windowMillis, idleRetention.toMillis());
    this.clock = Objects.requireNonNull(clock, "clock");
    this.appendSha = redis.digest(Scripts.STREAM_APPEND);
    this.readSha = redis.digest(Scripts.STREAM_READ);
    this.positionSha = redis.digest(Scripts.STREAM_POSITION);
    this.appendAllSha = redis.digest(Scripts.STREAM_APPEND_ALL);
  }

  @Override
  public StreamPosition append(
      CompanyId companyId, UserId userId, String type, String payloadJson) {
    List<Object> r =
        run(
            appendSha,
            Scripts.STREAM_APPEND,
            companyId,
            userId,
            newEpoch(),
            type,
            payloadJson,
            Long.toString(clock.millis()),
            Long.toString(windowMillis),
            Integer.toString(maxEvents),
            Long.toString(idleRetentionMillis));
    return new StreamPosition(text(r.get(0)), Long.parseLong(text(r.get(1))));
  }

  /**
   * One script over the streams of all the users (their meta hashes and streams), so one round trip
   * whatever their number, and atomic: every stream gets the event or none does. On a Redis Cluster
   * the users' streams lie in different hash slots, so the users are grouped by the slot of their
   * stream and the script runs once per group (atomic per group; one round trip per slot that holds
   * recipients, never one per recipient).
   */
  @Override
  public Map<UserId, StreamPosition> appendAll(
      CompanyId companyId, Set<UserId> userIds, String type, String payloadJson) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(payloadJson, "payloadJson");
    if (userIds.isEmpty()) {
      return Map.of();
    }
    Map<UserId, StreamPosition> positions = new LinkedHashMap<>();
    if (!cluster) {
      appendGroup(companyId, List.copyOf(userIds), type, payloadJson, positions);
      return positions;
    }
    Map<Integer, List<UserId>> bySlot = new LinkedHashMap<>();
    for (UserId u : userIds) {
      bySlot
          .computeIfAbsent(
              SlotHash.getSlot(keys.streamMeta(companyId, u)), slot -> new ArrayList<>())
          .add(u);
    }
    for (List<UserId> group : bySlot.values()) {
      appendGroup(companyId, group, type, payloadJson, positions);
    }
    Map<UserId, StreamPosition> inInputOrder = new LinkedHashMap<>();
    userIds.forEach(u -> inInputOrder.put(u, positions.get(u)));
    return inInputOrder;
  }

  private void appendGroup(
      CompanyId companyId,
      List<UserId> users,
      String type,
      String payloadJson,
      Map<UserId, StreamPosition> positions) {
    String[] k = new String[users.size() * 2];
    String[] args = new String[6 + users.size()];
    args[0] = type;
    args[1] = payloadJson;
    args[2] = Long.toString(clock.millis());
    args[3] = Long.toString(windowMillis);
    args[4] = Integer.toString(maxEvents);
    args[5] = Long.toString(idleRetentionMillis);
    for (int i = 0; i < users.size(); i++) {
      k[2 * i] = keys.streamMeta(companyId, users.get(i));
      k[2 * i + 1] = keys.streamEvents(companyId, users.get(i));
      args[6 + i] = newEpoch();
    }
    List<Object> r = run(appendAllSha, Scripts.STREAM_APPEND_ALL, k, args);
    for (int i = 0; i < users.size(); i++) {
      positions.put(
          users.get(i),
          new StreamPosition(text(r.get(2 * i)), Long.parseLong(text(r.get(2 * i + 1)))));
    }
  }

  @Override
  public StreamRead readAfter(
      CompanyId companyId, UserId userId, StreamPosition after, int maxCount) {
    if (maxCount < 1) {
      throw new IllegalArgumentException("maxCount must be positive");
    }
    List<Object> r =
        run(
            readSha,
            Scripts.STREAM_READ,
            companyId,
            userId,
            after.epoch(),
            Long.toString(after.offset()),
            Integer.toString(maxCount),
            Long.toString(clock.millis()),
            Long.toString(windowMillis),
            newEpoch(),
            Long.toString(idleRetentionMillis));
    StreamPosition current = new StreamPosition(text(r.get(1)), Long.parseLong(text(r.get(2))));
    switch (text(r.get(0))) {
      case "epoch":
        return new StreamRead.Lost(StreamRead.Reason.EPOCH_CHANGED, current);
      case "ahead":
        return new StreamRead.Lost(StreamRead.Reason.AHEAD_OF_STREAM, current);
      case "trimmed":
        return new StreamRead.Lost(StreamRead.Reason.HISTORY_TRIMMED, current);
      default:
        List<KeptEvent> events = new ArrayList<>((r.size() - 3) / 3);
        for (int i = 3; i + 2 < r.size(); i += 3) {
          events.add(
              new KeptEvent(
                  Long.parseLong(text(r.get(i))), text(r.get(i + 1)), text(r.get(i + 2))));
        }
        return new StreamRead.Events(events, current);
    }
  }

  @Override
  public StreamPosition position(CompanyId companyId, UserId userId) {
    List<Object> r =
        run(
            positionSha,
            Scripts.STREAM_POSITION,
            companyId,
            userId,
            newEpoch(),
            Long.toString(idleRetentionMillis));
    return new StreamPosition(text(r.get(0)), Long.parseLong(text(r.get(1))));
  }

  /** Nothing to do: appends trim their stream, and idle keys expire by themselves. */
  @Override
  public void trim() {
    // Redis expires idle streams (one window after their last append) and metas (idleRetention)
  }

  private List<Object> run(
      String sha, String script, CompanyId companyId, UserId userId, String... args) {
    String[] k = {keys.streamMeta(companyId, userId), keys.streamEvents(companyId, userId)};
    return run(sha, script, k, args);
  }

  private List<Object> run(String sha, String script, String[] k, String[] args) {
    try {
      return redis.evalsha(sha, ScriptOutputType.MULTI, k, args);
    } catch (RedisNoScriptException e) {
      return redis.eval(
          script, ScriptOutputType.MULTI, k, args); // loads it again (after a restart)
    }
  }

  private static String text(Object o) {
    return o instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(o);
  }

  private static String newEpoch() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return Long.toString(r.nextLong() & Long.MAX_VALUE, 36)
        + Long.toString(r.nextLong() & Long.MAX_VALUE, 36);
  }
}
