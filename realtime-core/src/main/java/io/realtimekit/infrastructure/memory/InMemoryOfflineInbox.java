package io.realtimekit.infrastructure.memory;

import io.realtimekit.application.port.InboxLimits;
import io.realtimekit.application.port.InboxMessage;
import io.realtimekit.application.port.OfflineInbox;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.UserId;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link OfflineInbox} in this node's memory: per (company, user) a list ordered by {@code sentAt}.
 * Every change to one inbox is atomic (it runs inside the map's per-key computation); an inbox left
 * empty is dropped. Lost when the node stops: use a shared store (the Redis one) when kept messages
 * must outlive a node, or reach a user who connects to another node.
 */
public final class InMemoryOfflineInbox implements OfflineInbox {
  private record Key(CompanyId companyId, UserId userId) {}

  private final Map<Key, LinkedList<InboxMessage>> inboxes = new ConcurrentHashMap<>();
  private final InboxLimits limits;
  private final Clock clock;

  /**
   * @param limits TTL and cap per user
   * @param clock what expiry is measured on
   */
  public InMemoryOfflineInbox(InboxLimits limits, Clock clock) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public List<InboxMessage> keep(InboxMessage message) {
    List<InboxMessage> dropped = new ArrayList<>(0);
    inboxes.compute(
        new Key(message.companyId(), message.to()),
        (k, box) -> {
          LinkedList<InboxMessage> b = box == null ? new LinkedList<>() : box;
          synchronized (b) {
            int at = b.size();
            while (at > 0 && b.get(at - 1).sentAt().isAfter(message.sentAt())) {
              at--; // sent earlier than the last kept (a concurrent send): keep sentAt order
            }
            b.add(at, message);
            while (b.size() > limits.maxMessages()) {
              dropped.add(b.removeFirst());
            }
          }
          return b;
        });
    return dropped;
  }

  @Override
  public List<InboxMessage> list(CompanyId companyId, UserId userId, int maxCount) {
    if (maxCount < 1) {
      throw new IllegalArgumentException("maxCount must be positive");
    }
    LinkedList<InboxMessage> b = inboxes.get(new Key(companyId, userId));
    if (b == null) {
      return List.of();
    }
    Instant cutoff = clock.instant().minus(limits.ttl());
    List<InboxMessage> out = new ArrayList<>();
    synchronized (b) {
      for (InboxMessage m : b) {
        if (out.size() >= maxCount) {
          break;
        }
        if (m.sentAt().isAfter(cutoff)) {
          out.add(m);
        }
      }
    }
    return out;
  }

  @Override
  public Optional<InboxMessage> remove(CompanyId companyId, UserId userId, String messageId) {
    InboxMessage[] removed = new InboxMessage[1];
    inboxes.computeIfPresent(
        new Key(companyId, userId),
        (k, b) -> {
          synchronized (b) {
            for (Iterator<InboxMessage> it = b.iterator(); it.hasNext(); ) {
              InboxMessage m = it.next();
              if (m.messageId().equals(messageId)) {
                it.remove();
                removed[0] = m;
                break;
              }
            }
            return b.isEmpty() ? null : b;
          }
        });
    return Optional.ofNullable(removed[0]);
  }

  @Override
  public List<InboxMessage> expire(int maxCount) {
    Instant cutoff = clock.instant().minus(limits.ttl());
    List<InboxMessage> expired = new ArrayList<>();
    for (Key key : inboxes.keySet()) {
      if (expired.size() >= maxCount) {
        break;
      }
      inboxes.computeIfPresent(
          key,
          (k, b) -> {
            synchronized (b) {
              // ordered by sentAt: the expired ones are at the head
              while (!b.isEmpty()
                  && expired.size() < maxCount
                  && !b.getFirst().sentAt().isAfter(cutoff)) {
                expired.add(b.removeFirst());
              }
              return b.isEmpty() ? null : b;
            }
          });
    }
    return expired;
  }

  /** How many users have kept messages (for tests and metrics). */
  public int users() {
    return inboxes.size();
  }
}
