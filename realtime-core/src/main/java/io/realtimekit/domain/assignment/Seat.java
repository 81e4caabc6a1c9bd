package io.realtimekit.domain.assignment;

import io.realtimekit.domain.DomainException;
import io.realtimekit.domain.UserId;
import java.util.List;
import java.util.Objects;

/**
 * An online commercial on the sales floor: how many visitors it may take and which it has.
 *
 * @param commercialId the commercial
 * @param capacity the most visitors it takes at once, at least 1
 * @param visitors its visitors, oldest assignment first
 * @param lastAssignedSequence the floor's sequence number of its latest assignment (0 = never), for
 *     round-robin fairness
 * @param joinedSequence the floor's sequence number when it became available
 */
public record Seat(
    UserId commercialId,
    int capacity,
    List<UserId> visitors,
    long lastAssignedSequence,
    long joinedSequence) {
  /** Validates and copies. */
  public Seat {
    Objects.requireNonNull(commercialId, "commercialId");
    if (capacity < 1) {
      throw DomainException.invalid("capacity must be at least 1");
    }
    visitors = List.copyOf(visitors);
  }

  /** How many visitors it has. */
  public int load() {
    return visitors.size();
  }

  /** Whether it can take one more visitor. */
  public boolean hasRoom() {
    return visitors.size() < capacity;
  }
}
