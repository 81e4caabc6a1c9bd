package io.realtimekit.domain.assignment;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.ErrorCode;
import io.realtimekit.domain.UserId;
import io.realtimekit.domain.event.DomainEvent;
import io.realtimekit.domain.event.VisitorAssigned;
import io.realtimekit.domain.event.VisitorQueued;
import io.realtimekit.domain.event.VisitorUnassigned;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SalesFloorTest {
  static final CompanyId C = CompanyId.of(UUID.randomUUID());
  static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
  static final AssignmentPolicy LEAST = AssignmentPolicies.leastLoaded();
  static final AssignmentPolicy RR = AssignmentPolicies.roundRobin();
  static final AssignmentPolicy OFFER = AssignmentPolicies.offerToAll();

  static UserId u(String s) {
    return UserId.of(s);
  }

  SalesFloor floor = SalesFloor.empty(C);
  List<DomainEvent> last;
  boolean moved;

  void apply(SalesFloor.Change c) {
    floor = c.floor();
    last = c.events();
    moved = c.queueMoved();
  }

  @Test
  void aVisitorWithNobodyOnlineIsQueuedAtItsPosition() {
    apply(floor.visitorArrived(u("v1"), LEAST, T));
    apply(floor.visitorArrived(u("v2"), LEAST, T));
    assertThat(floor.queue()).containsExactly(u("v1"), u("v2"));
    assertThat(last)
        .containsExactly(
            new VisitorQueued(((VisitorQueued) last.get(0)).eventId(), T, C, u("v2"), 2));
  }

  @Test
  void aCommercialArrivingTakesFromTheQueueUpToItsCapacity() {
    apply(floor.visitorArrived(u("v1"), LEAST, T));
    apply(floor.visitorArrived(u("v2"), LEAST, T));
    apply(floor.visitorArrived(u("v3"), LEAST, T));
    apply(floor.commercialAvailable(u("c1"), 2, LEAST, T));
    assertThat(floor.seat(u("c1")).orElseThrow().visitors()).containsExactly(u("v1"), u("v2"));
    assertThat(floor.queue()).containsExactly(u("v3"));
    assertThat(last).filteredOn(VisitorAssigned.class::isInstance).hasSize(2);
    // v3 was waiting already: one flag says the queue moved, no event per waiting visitor
    assertThat(last).filteredOn(VisitorQueued.class::isInstance).isEmpty();
    assertThat(moved).isTrue();
    assertThat(floor.positionOf(u("v3"))).contains(1);
  }

  @Test
  void leastLoadedSpreadsVisitorsAndRoundRobinTakesTurns() {
    apply(floor.commercialAvailable(u("c1"), 5, LEAST, T));
    apply(floor.commercialAvailable(u("c2"), 5, LEAST, T));
    for (int i = 1; i <= 4; i++) {
      apply(floor.visitorArrived(u("v" + i), LEAST, T));
    }
    assertThat(floor.seat(u("c1")).orElseThrow().load()).isEqualTo(2);
    assertThat(floor.seat(u("c2")).orElseThrow().load()).isEqualTo(2);

    SalesFloor rr = SalesFloor.empty(C);
    rr = rr.commercialAvailable(u("a"), 5, RR, T).floor();
    rr = rr.commercialAvailable(u("b"), 5, RR, T).floor();
    rr = rr.visitorArrived(u("v1"), RR, T).floor();
    rr = rr.visitorArrived(u("v2"), RR, T).floor();
    rr = rr.visitorArrived(u("v3"), RR, T).floor();
    assertThat(rr.assignmentOf(u("v1"))).contains(u("a"));
    assertThat(rr.assignmentOf(u("v2"))).contains(u("b"));
    assertThat(rr.assignmentOf(u("v3"))).contains(u("a"));
  }

  @Test
  void aCommercialGoneReleasesItsVisitorsToOthersOrToTheFrontOfTheQueue() {
    apply(floor.commercialAvailable(u("c1"), 1, LEAST, T));
    apply(floor.commercialAvailable(u("c2"), 1, LEAST, T));
    apply(floor.visitorArrived(u("v1"), LEAST, T));
    apply(floor.visitorArrived(u("v2"), LEAST, T));
    apply(floor.visitorArrived(u("v3"), LEAST, T));
    UserId c1Visitor = floor.seat(u("c1")).orElseThrow().visitors().get(0);

    apply(floor.commercialGone(u("c1"), LEAST, T));

    assertThat(floor.seat(u("c1"))).isEmpty();
    assertThat(floor.queue()).containsExactly(c1Visitor, u("v3"));
    assertThat(last)
        .filteredOn(VisitorUnassigned.class::isInstance)
        .extracting(e -> ((VisitorUnassigned) e).reason())
        .containsExactly(SalesFloor.COMMERCIAL_OFFLINE);
    assertThat(last)
        .filteredOn(VisitorQueued.class::isInstance)
        .extracting(
            e -> ((VisitorQueued) e).visitorId().value() + "@" + ((VisitorQueued) e).position())
        .containsExactly(c1Visitor.value() + "@1");
    assertThat(moved).isTrue();
    assertThat(floor.positionOf(u("v3"))).contains(2);
  }

  @Test
  void aVisitorLeavingFreesItsCommercialWhoTakesTheNextAndTheQueueMovesUp() {
    apply(floor.commercialAvailable(u("c1"), 1, LEAST, T));
    apply(floor.visitorArrived(u("v1"), LEAST, T));
    apply(floor.visitorArrived(u("v2"), LEAST, T));
    apply(floor.visitorArrived(u("v3"), LEAST, T));
    apply(floor.visitorLeft(u("v1"), LEAST, T));
    assertThat(floor.assignmentOf(u("v2"))).contains(u("c1"));
    assertThat(floor.positionOf(u("v3"))).contains(1);
    apply(floor.visitorLeft(u("v3"), LEAST, T));
    assertThat(floor.queue()).isEmpty();
  }

  @Test
  void offerToAllNeverAssignsByItselfAndAClaimAssigns() {
    apply(floor.commercialAvailable(u("c1"), 1, OFFER, T));
    apply(floor.visitorArrived(u("v1"), OFFER, T));
    assertThat(floor.queue()).containsExactly(u("v1"));
    var claimed = floor.assign(u("v1"), u("c1"), OFFER, T);
    apply(claimed.value());
    assertThat(floor.assignmentOf(u("v1"))).contains(u("c1"));
    apply(floor.visitorArrived(u("v2"), OFFER, T));
    assertThat(floor.assign(u("v2"), u("c1"), OFFER, T).failure().code())
        .isEqualTo(ErrorCode.CONFLICT);
    assertThat(floor.assign(u("v2"), u("nobody"), OFFER, T).failure().code())
        .isEqualTo(ErrorCode.USER_NOT_CONNECTED);
    assertThat(floor.assign(u("ghost"), u("c1"), OFFER, T).failure().code())
        .isEqualTo(ErrorCode.INVALID_ARGUMENT);
  }

  @Test
  void aTransferMovesTheVisitorAndReleaseEndsIt() {
    apply(floor.commercialAvailable(u("c1"), 2, LEAST, T));
    apply(floor.visitorArrived(u("v1"), LEAST, T));
    apply(floor.commercialAvailable(u("c2"), 2, LEAST, T));
    apply(floor.assign(u("v1"), u("c2"), LEAST, T).value());
    assertThat(floor.assignmentOf(u("v1"))).contains(u("c2"));
    assertThat(floor.seat(u("c1")).orElseThrow().load()).isZero();
    assertThat(last)
        .filteredOn(VisitorUnassigned.class::isInstance)
        .extracting(e -> ((VisitorUnassigned) e).reason())
        .containsExactly(SalesFloor.TRANSFERRED);
    apply(floor.release(u("v1"), LEAST, T).value());
    assertThat(floor.assignmentOf(u("v1"))).isEmpty();
    assertThat(floor.queue()).isEmpty();
    assertThat(floor.release(u("v1"), LEAST, T).isOk()).isFalse();
  }

  @Test
  void arrivingTwiceChangesNothingAndAnEmptyFloorIsEmpty() {
    apply(floor.visitorArrived(u("v1"), LEAST, T));
    SalesFloor before = floor;
    apply(floor.visitorArrived(u("v1"), LEAST, T));
    assertThat(floor).isSameAs(before);
    assertThat(last).isEmpty();
    apply(floor.visitorLeft(u("v1"), LEAST, T));
    assertThat(floor.isEmpty()).isTrue();
  }

  @Test
  void aPolicyThatChoosesANonCandidateIsAProgrammingError() {
    AssignmentPolicy rogue =
        new AssignmentPolicy() {
          @Override
          public java.util.Optional<UserId> choose(UserId visitor, List<Seat> candidates) {
            return java.util.Optional.of(u("not-seated"));
          }

          @Override
          public String name() {
            return "rogue";
          }
        };
    apply(floor.commercialAvailable(u("c1"), 1, LEAST, T));
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> floor.visitorArrived(u("v1"), rogue, T))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("rogue");
  }

  @Test
  void primitivesRoundTripAndRefuseABrokenInvariant() {
    apply(floor.commercialAvailable(u("c1"), 1, RR, T));
    apply(floor.commercialAvailable(u("c2"), 2, RR, T));
    apply(floor.visitorArrived(u("v1"), RR, T));
    apply(floor.visitorArrived(u("v2"), RR, T));
    apply(floor.visitorArrived(u("v3"), RR, T));
    apply(floor.visitorArrived(u("v4"), RR, T));
    SalesFloor.Primitives p = floor.toPrimitives();
    SalesFloor back = SalesFloor.fromPrimitives(p);
    assertThat(back.toPrimitives()).isEqualTo(p);
    assertThat(back.assignmentOf(u("v1"))).isEqualTo(floor.assignmentOf(u("v1")));
    assertThat(back.queue()).containsExactly(u("v4"));
    // the next change behaves the same on the copy
    assertThat(back.visitorLeft(u("v1"), RR, T).floor().toPrimitives())
        .isEqualTo(floor.visitorLeft(u("v1"), RR, T).floor().toPrimitives());

    SalesFloor.Primitives twice =
        new SalesFloor.Primitives(p.companyId(), p.seats(), List.of("v1"), p.sequence());
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> SalesFloor.fromPrimitives(twice))
        .isInstanceOf(io.realtimekit.domain.DomainException.class);
  }
}
