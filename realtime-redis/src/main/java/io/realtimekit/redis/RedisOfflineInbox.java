package io.realtimekit.redis;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.ZAddArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.realtimekit.application.port.InboxLimits;
import io.realtimekit.application.port.InboxMessage;
import io.realtimekit.application.port.OfflineInbox;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.UserId;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link OfflineInbox} shared by every node, in Redis. Per user, a sorted set of message ids by
 * {@code sentAt} (in microseconds) and a hash of the messages (sender, time, text), under one hash
 * tag {@code ib:{<company>:<user>}}: keep (with the cap), list, remove and expire are each one Lua
 * script on that user's two keys, so atomic and on one slot of a Redis Cluster.
 *
 * <p>Expiry: a sorted set {@code ib:due} holds each user with kept messages, scored by when its
 * oldest message expires. {@link #expire} (every node's sweep) reads the users due, runs the
 * per-user expiry script (which removes each expired message once, whichever node runs it), then
 * moves the user's due time to its next oldest message, or removes the user, re-adding it when a
 * message was kept meanwhile. That index is one key of its own (another slot): it is written by
 * separate commands after the per-user script, and only ever says when to look. The user's keys
 * also expire one hour after the TTL following the last keep, a backstop for a sweep that did not
 * run (no node up that long): those messages then go without a {@code ChatMessageExpired}.
 *
 * <p>Time is measured on the clock of the node that keeps, lists or sweeps: nodes' clocks should
 * agree well within the TTL. Calls are synchronous and throw a Lettuce {@code RedisException} when
 * Redis cannot be reached.
 */
public final class RedisOfflineInbox implements OfflineInbox {
  private static final long BACKSTOP_MILLIS = Duration.ofHours(1).toMillis();

  private final RedisClusterCommands<String, String> redis;
  private final Keys keys;
  private final InboxLimits limits;
  private final long ttlMicros;
  private final Clock clock;
  private final String keepSha;
  private final String listSha;
  private final String removeSha;
  private final String expireSha;

  RedisOfflineInbox(
      StatefulRedisConnection<String, String> connection,
      Keys keys,
      InboxLimits limits,
      Clock clock) {
    this(RedisAccess.of(connection), keys, limits, clock);
  }

  RedisOfflineInbox(RedisAccess access, Keys keys, InboxLimits limits, Clock clock) {
    this.redis = access.sync();
    this.keys = Objects.requireNonNull(keys, "keys");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.ttlMicros = limits.ttl().toMillis() * 1_000;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.keepSha = redis.digest(Scripts.INBOX_KEEP);
    this.listSha = redis.digest(Scripts.INBOX_LIST);
    this.removeSha = redis.digest(Scripts.INBOX_REMOVE);
    this.expireSha = redis.digest(Scripts.INBOX_EXPIRE);
  }

  @Override
  public List<InboxMessage> keep(InboxMessage m) {
    long score = micros(m.sentAt());
    List<Object> r =
        run(
            keepSha,
            Scripts.INBOX_KEEP,
            ScriptOutputType.MULTI,
            m.companyId(),
            m.to(),
            m.messageId(),
            Long.toString(score),
            encode(m),
            Integer.toString(limits.maxMessages()),
            Long.toString(limits.ttl().toMillis() + BACKSTOP_MILLIS));
    // only moves the user's due time earlier (LT): a later message never delays the sweep
    redis.zadd(
        keys.inboxDue(),
        ZAddArgs.Builder.lt(),
        (double) (score + ttlMicros),
        member(m.companyId(), m.to()));
    return decode(m.companyId(), m.to(), r, 0);
  }

  @Override
  public List<InboxMessage> list(CompanyId companyId, UserId userId, int maxCount) {
    if (maxCount < 1) {
      throw new IllegalArgumentException("maxCount must be positive");
    }
    List<Object> r =
        run(
            listSha,
            Scripts.INBOX_LIST,
            ScriptOutputType.MULTI,
            companyId,
            userId,
            Long.toString(cutoff()),
            Integer.toString(maxCount));
    return decode(companyId, userId, r, 0);
  }

  @Override
  public Optional<InboxMessage> remove(CompanyId companyId, UserId userId, String messageId) {
    Object v =
        run(removeSha, Scripts.INBOX_REMOVE, ScriptOutputType.VALUE, companyId, userId, messageId);
    return v == null
        ? Optional.empty()
        : Optional.of(decode(companyId, userId, messageId, text(v)));
  }

  @Override
  public List<InboxMessage> expire(int maxCount) {
    long now = micros(clock.instant());
    long cutoff = now - ttlMicros;
    List<InboxMessage> out = new ArrayList<>();
    List<String> due =
        redis.zrangebyscore(
            keys.inboxDue(), Range.create(0, (double) now), Limit.create(0, maxCount));
    for (String member : due) {
      int left = maxCount - out.size();
      if (left <= 0) {
        break;
      }
      int colon = member.indexOf(':');
      CompanyId companyId = CompanyId.of(member.substring(0, colon));
      UserId userId = UserId.of(member.substring(colon + 1));
      List<Object> r =
          run(
              expireSha,
              Scripts.INBOX_EXPIRE,
              ScriptOutputType.MULTI,
              companyId,
              userId,
              Long.toString(cutoff),
              Integer.toString(left));
      out.addAll(decode(companyId, userId, r, 1));
      String next = text(r.get(0));
      if (!next.isEmpty()) {
        redis.zadd(keys.inboxDue(), (double) (Long.parseLong(next) + ttlMicros), member);
      } else {
        redis.zrem(keys.inboxDue(), member);
        // a message kept since the script ran must not lose its place in the index
        List<ScoredValue<String>> head =
            redis.zrangeWithScores(keys.inboxOrder(companyId, userId), 0, 0);
        if (!head.isEmpty()) {
          redis.zadd(
              keys.inboxDue(),
              ZAddArgs.Builder.lt(),
              (long) head.get(0).getScore() + (double) ttlMicros,
              member);
        }
      }
    }
    return out;
  }

  private long cutoff() {
    return micros(clock.instant()) - ttlMicros;
  }

  private static long micros(Instant t) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, t);
  }

  private static String member(CompanyId c, UserId u) {
    return c + ":" + u.value(); // a company id (a UUID) holds no ':'
  }

  /** Sender, time and text; ids and the ISO time hold no newline, so the text is the rest. */
  private static String encode(InboxMessage m) {
    return m.from().value() + "\n" + m.sentAt() + "\n" + m.message();
  }

  private static InboxMessage decode(CompanyId c, UserId to, String id, String value) {
    String[] f = value.split("\n", 3);
    return new InboxMessage(id, c, UserId.of(f[0]), to, f[2], Instant.parse(f[1]));
  }

  private static List<InboxMessage> decode(CompanyId c, UserId to, List<Object> r, int from) {
    List<InboxMessage> out = new ArrayList<>((r.size() - from) / 2);
    for (int i = from; i + 1 < r.size(); i += 2) {
      String value = text(r.get(i + 1));
      if (!value.isEmpty()) {
        out.add(decode(c, to, text(r.get(i)), value));
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private <T> T run(
      String sha, String script, ScriptOutputType type, CompanyId c, UserId u, String... args) {
    String[] k = {keys.inboxOrder(c, u), keys.inboxMessages(c, u)};
    try {
      return (T) redis.evalsha(sha, type, k, args);
    } catch (RedisNoScriptException e) {
      return (T) redis.eval(script, type, k, args); // loads it again (after a restart)
    }
  }

  private static String text(Object o) {
    return o instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(o);
  }
}
