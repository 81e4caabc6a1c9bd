package io.realtimekit.infrastructure.memory;

import io.realtimekit.application.port.DeliveredMessages;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The default {@link DeliveredMessages}: the most recent messages of this node, bounded by count.
 * Lock-free: a concurrent map of records and a ring of their ids; each new record takes the next
 * slot of the ring and evicts the record that held it (on the chat's hot path, a lock here was
 * contended on two cores).
 */
public final class InMemoryDeliveredMessages implements DeliveredMessages {
  /** How many messages are remembered by default. */
  public static final int DEFAULT_CAPACITY = 100_000;

  private final Map<String, Record> records = new ConcurrentHashMap<>();
  private final AtomicReferenceArray<String> ring;
  private final AtomicLong next = new AtomicLong();

  /** Remembers the last {@value #DEFAULT_CAPACITY} messages. */
  public InMemoryDeliveredMessages() {
    this(DEFAULT_CAPACITY);
  }

  /**
   * @param capacity how many of the most recent messages are remembered
   */
  public InMemoryDeliveredMessages(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1");
    }
    this.ring = new AtomicReferenceArray<>(capacity);
  }

  @Override
  public void remember(Record record) {
    records.put(record.messageId(), record);
    int slot = (int) (next.getAndIncrement() % ring.length());
    String evicted = ring.getAndSet(slot, record.messageId());
    if (evicted != null && !evicted.equals(record.messageId())) {
      records.remove(evicted);
    }
  }

  @Override
  public Optional<Record> find(String messageId) {
    return Optional.ofNullable(records.get(messageId));
  }

  /** How many records are held (never more than the capacity once writers are done). */
  int size() {
    return records.size();
  }
}
