package io.realtimekit.infrastructure.memory;

import io.realtimekit.application.port.DeliveredMessages;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The default {@link DeliveredMessages}: the most recent messages of this node, bounded by count. */
public final class InMemoryDeliveredMessages implements DeliveredMessages {
  /** How many messages are remembered by default. */
  public static final int DEFAULT_CAPACITY = 100_000;

  private final Map<String, Record> records;

  /** Remembers the last {@value #DEFAULT_CAPACITY} messages. */
  public InMemoryDeliveredMessages() {
    this(DEFAULT_CAPACITY);
  }

  /** @param capacity how many of the most recent messages are remembered */
  public InMemoryDeliveredMessages(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1");
    }
    this.records = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Record> eldest) {
        return size() > capacity;
      }
    };
  }

  @Override
  public void remember(Record record) {
    synchronized (records) {
      records.put(record.messageId(), record);
    }
  }

  @Override
  public Optional<Record> find(String messageId) {
    synchronized (records) {
      return Optional.ofNullable(records.get(messageId));
    }
  }
}
