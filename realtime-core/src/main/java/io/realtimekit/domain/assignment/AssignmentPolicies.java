package io.realtimekit.domain.assignment;

import io.realtimekit.domain.DomainException;
import io.realtimekit.domain.UserId;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The built-in {@link AssignmentPolicy} implementations. */
public final class AssignmentPolicies {
  private AssignmentPolicies() {}

  /**
   * Offers every waiting visitor to every available commercial; the first to claim it gets it (the
   * reference product's behaviour). Never assigns by itself.
   */
  public static AssignmentPolicy offerToAll() {
    return new AssignmentPolicy() {
      @Override
      public Optional<UserId> choose(UserId visitor, List<Seat> candidates) {
        return Optional.empty();
      }

      @Override
      public boolean offersToAll() {
        return true;
      }

      @Override
      public String name() {
        return "offer-all";
      }
    };
  }

  /** Takes turns: the commercial assigned longest ago (or never) gets the next visitor. */
  public static AssignmentPolicy roundRobin() {
    return policy(
        "round-robin",
        Comparator.comparingLong(Seat::lastAssignedSequence)
            .thenComparingLong(Seat::joinedSequence));
  }

  /**
   * The commercial with the fewest visitors gets the next one; ties go to the one assigned longest
   * ago. With per-commercial capacity, this spreads work evenly.
   */
  public static AssignmentPolicy leastLoaded() {
    return policy(
        "least-loaded",
        Comparator.comparingInt(Seat::load)
            .thenComparingLong(Seat::lastAssignedSequence)
            .thenComparingLong(Seat::joinedSequence));
  }

  /**
   * The built-in policy with this configuration name: {@code offer-all}, {@code round-robin} or
   * {@code least-loaded}.
   *
   * @throws DomainException for any other name
   */
  public static AssignmentPolicy named(String name) {
    return switch (name == null ? "" : name) {
      case "offer-all" -> offerToAll();
      case "round-robin" -> roundRobin();
      case "least-loaded" -> leastLoaded();
      default ->
          throw DomainException.invalid(
              "assignment policy must be offer-all, round-robin or least-loaded");
    };
  }

  private static AssignmentPolicy policy(String name, Comparator<Seat> order) {
    return new AssignmentPolicy() {
      @Override
      public Optional<UserId> choose(UserId visitor, List<Seat> candidates) {
        return candidates.stream().min(order).map(Seat::commercialId);
      }

      @Override
      public String name() {
        return name;
      }
    };
  }
}
