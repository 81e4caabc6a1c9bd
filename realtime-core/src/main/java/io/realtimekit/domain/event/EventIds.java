package io.realtimekit.domain.event;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ids for domain events: random version-4 UUIDs drawn from {@link ThreadLocalRandom}. Event ids
 * must be unique, not unguessable, and {@link UUID#randomUUID()} (one shared {@code SecureRandom})
 * was a measurable cost and a point of contention on the chat's hot path.
 */
public final class EventIds {
  private EventIds() {}

  /** A new random event id (UUID version 4, IETF variant). */
  public static UUID next() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    long msb = (r.nextLong() & ~0xF000L) | 0x4000L;
    long lsb = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb);
  }
}
