package io.realtimekit.domain.assignment;

import io.realtimekit.domain.UserId;
import java.util.List;
import java.util.Optional;

/**
 * Chooses the commercial a waiting visitor is assigned to. Called by the {@link SalesFloor} with
 * the commercials that are online and have room; never with an offline or full one.
 *
 * <p>Contract: pure and fast (no I/O; it runs under the company's lock); returns one of the given
 * candidates, or empty to leave the visitor in the queue. Built-in policies are in {@link
 * AssignmentPolicies}.
 */
public interface AssignmentPolicy {

  /**
   * The commercial to assign {@code visitor} to.
   *
   * @param visitor the visitor at the head of the queue
   * @param candidates online commercials with room, never empty
   * @return one of {@code candidates}, or empty to keep the visitor waiting
   */
  Optional<UserId> choose(UserId visitor, List<Seat> candidates);

  /**
   * True when waiting visitors are offered to every available commercial, who claim them, instead
   * of being assigned by the policy.
   */
  default boolean offersToAll() {
    return false;
  }

  /** The policy's name, as in configuration ({@code least-loaded}). */
  String name();
}
