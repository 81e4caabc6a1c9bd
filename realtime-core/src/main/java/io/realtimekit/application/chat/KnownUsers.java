package io.realtimekit.application.chat;

import io.realtimekit.domain.ConnectionRepository;
import io.realtimekit.domain.ConnectionUser;
import io.realtimekit.domain.Criteria;
import io.realtimekit.domain.UserId;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Who a user is (company, roles, the nodes of its sockets), as last read from the repository, kept
 * for a short time so that the chat's hot path needs no repository round trip when the repository
 * is remote (cluster mode).
 *
 * <p>Safe by construction: only users found <em>connected</em> are kept, and a kept entry is never
 * taken as proof of presence; delivery decides that (a user gone offline reaches no socket, and the
 * sender gets {@code USER_NOT_CONNECTED}). What may be stale for at most the TTL is the roles (the
 * company of a user id never changes) and the node hint, which delivery treats as a hint. With a
 * zero TTL every lookup reads the repository.
 */
final class KnownUsers {
  private static final int MAX_ENTRIES = 100_000;

  private final ConnectionRepository repository;
  private final long ttlNanos;
  private final LongSupplier nanoTime;
  private final Map<UserId, Entry> entries = new ConcurrentHashMap<>();

  private record Entry(ConnectionUser user, long readAt) {}

  KnownUsers(ConnectionRepository repository, Duration ttl, LongSupplier nanoTime) {
    this.repository = repository;
    this.ttlNanos = ttl.toNanos();
    this.nanoTime = nanoTime;
  }

  /**
   * The user as recently seen connected, or as the repository says now; empty when not connected.
   */
  Optional<ConnectionUser> connected(UserId userId) {
    long now = nanoTime.getAsLong();
    if (ttlNanos > 0) {
      Entry e = entries.get(userId);
      if (e != null && now - e.readAt() < ttlNanos) {
        return Optional.of(e.user());
      }
    }
    Optional<ConnectionUser> read = repository.findOne(Criteria.byUserId(userId).connected(true));
    if (ttlNanos > 0) {
      if (read.isPresent()) {
        if (entries.size() >= MAX_ENTRIES) {
          entries.clear(); // crude but bounded; the cache refills from the repository
        }
        entries.put(userId, new Entry(read.get(), now));
      } else {
        entries.remove(userId);
      }
    }
    return read;
  }

  /**
   * The user as the repository holds it now, connected or not: a user whose last socket closed is
   * still recorded during its grace period. Never cached.
   */
  Optional<ConnectionUser> recorded(UserId userId) {
    return repository.findOne(Criteria.byUserId(userId));
  }

  /** Forgets a user (its roles changed, or it went offline on this node). */
  void forget(UserId userId) {
    entries.remove(userId);
  }
}
