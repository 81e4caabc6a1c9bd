package io.realtimekit.domain.assignment;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Result;
import io.realtimekit.domain.UserId;
import io.realtimekit.domain.event.DomainEvent;
import io.realtimekit.domain.event.VisitorAssigned;
import io.realtimekit.domain.event.VisitorQueued;
import io.realtimekit.domain.event.VisitorUnassigned;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The queue of a big company under a random mix of arrivals, departures, claims, releases and
 * commercials coming and going, with 5,000 visitors, checked after every change against a plain
 * list model: positions 1..n in arrival order (orphans back at the front), nobody both waiting and
 * assigned, nobody over capacity, and the positions a client was told (the {@link VisitorQueued} of
 * each newcomer, re-read whenever {@link SalesFloor.Change#queueMoved()} says so) equal to the real
 * ones.
 */
class SalesFloorQueuePropertyTest {
  static final CompanyId C = CompanyId.of(UUID.randomUUID());
  static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
  static final int VISITORS = 5_000;

  @Property(tries = 2)
  void theQueueStaysExactUnderChurn(
      @ForAll long seed, @ForAll @IntRange(min = 0, max = 2) int policyIndex) {
    AssignmentPolicy policy =
        List.of(
                AssignmentPolicies.leastLoaded(),
                AssignmentPolicies.roundRobin(),
                AssignmentPolicies.offerToAll())
            .get(policyIndex);
    new Run(new Random(seed), policy).go(12_000);
  }

  @Test
  void aChangeAtTheHeadOfAQueueOfFiveThousandIsOneFlagNotFiveThousandEvents() {
    AssignmentPolicy policy = AssignmentPolicies.leastLoaded();
    SalesFloor floor = SalesFloor.empty(C);
    for (int i = 0; i < VISITORS; i++) {
      floor = floor.visitorArrived(UserId.of("v" + i), policy, T).floor();
    }
    SalesFloor.Change c = floor.commercialAvailable(UserId.of("c"), 1, policy, T);
    assertThat(c.events()).hasSize(1).allMatch(VisitorAssigned.class::isInstance);
    assertThat(c.queueMoved()).isTrue();
    assertThat(c.floor().positionOf(UserId.of("v1"))).contains(1);
    assertThat(c.floor().positionOf(UserId.of("v4999"))).contains(4_999);
    assertThat(c.floor().queue(4_990, 100)).hasSize(9).first().isEqualTo(UserId.of("v4991"));
    // the floor it came from is untouched
    assertThat(floor.positionOf(UserId.of("v0"))).contains(1);
    assertThat(floor.queueLength()).isEqualTo(VISITORS);
    // the last one leaving moves nobody
    SalesFloor.Change last = c.floor().visitorLeft(UserId.of("v4999"), policy, T);
    assertThat(last.queueMoved()).isFalse();
    assertThat(last.events()).isEmpty();
  }

  private static final class Run {
    final Random random;
    final AssignmentPolicy policy;
    SalesFloor floor = SalesFloor.empty(C);
    final LinkedList<UserId> model = new LinkedList<>();
    final Map<UserId, Integer> announced = new HashMap<>();
    final List<UserId> commercials = new ArrayList<>();
    final Set<UserId> online = new HashSet<>();
    final List<UserId> offline = new ArrayList<>();

    Run(Random random, AssignmentPolicy policy) {
      this.random = random;
      this.policy = policy;
      for (int i = 0; i < VISITORS; i++) {
        offline.add(UserId.of("v" + i));
      }
      for (int i = 0; i < 20; i++) {
        commercials.add(UserId.of("c" + i));
      }
    }

    void go(int steps) {
      for (int step = 0; step < steps; step++) {
        int dice = random.nextInt(100);
        if (dice < 50 && !offline.isEmpty()) {
          UserId v = offline.remove(random.nextInt(offline.size()));
          online.add(v);
          model.add(v);
          apply(floor.visitorArrived(v, policy, T), null, List.of());
        } else if (dice < 70 && !online.isEmpty()) {
          UserId v = any(online);
          online.remove(v);
          offline.add(v);
          model.remove(v);
          apply(floor.visitorLeft(v, policy, T), null, List.of());
        } else if (dice < 80 && !model.isEmpty()) {
          UserId v = model.get(random.nextInt(model.size()));
          UserId c = commercials.get(random.nextInt(commercials.size()));
          Result<SalesFloor.Change> r = floor.assign(v, c, policy, T);
          if (r.isOk()) {
            apply(r.value(), v, List.of());
          } else {
            assertThat(floor.seat(c).map(Seat::hasRoom).orElse(false))
                .as("a refused claim had no room")
                .isFalse();
          }
        } else if (dice < 92) {
          List<UserId> assigned = new ArrayList<>();
          floor.seats().forEach(s -> assigned.addAll(s.visitors()));
          if (!assigned.isEmpty()) {
            UserId v = assigned.get(random.nextInt(assigned.size()));
            apply(floor.release(v, policy, T).value(), null, List.of());
            online.remove(v); // the conversation is over: the visitor leaves
            offline.add(v);
            apply(floor.visitorLeft(v, policy, T), null, List.of());
          }
        } else {
          UserId c = commercials.get(random.nextInt(commercials.size()));
          if (floor.seat(c).isPresent() && random.nextBoolean()) {
            List<UserId> orphans = floor.seat(c).get().visitors();
            model.addAll(0, orphans);
            apply(floor.commercialGone(c, policy, T), null, orphans);
          } else {
            apply(floor.commercialAvailable(c, 1 + random.nextInt(5), policy, T), null, List.of());
          }
        }
      }
    }

    UserId any(Set<UserId> set) {
      int skip = random.nextInt(set.size());
      for (UserId v : set) {
        if (skip-- == 0) {
          return v;
        }
      }
      throw new IllegalStateException();
    }

    /** Applies a change: the model follows the events, then every invariant is checked. */
    void apply(SalesFloor.Change change, UserId claimed, List<UserId> orphans) {
      SalesFloor before = floor;
      floor = change.floor();
      for (DomainEvent e : change.events()) {
        if (e instanceof VisitorAssigned a) {
          if (a.visitorId().equals(claimed)) {
            model.remove(claimed);
          } else {
            assertThat(model.peekFirst())
                .as("only the head of the queue is served")
                .isEqualTo(a.visitorId());
            model.removeFirst();
          }
          announced.remove(a.visitorId());
        } else if (e instanceof VisitorQueued q) {
          announced.put(q.visitorId(), q.position());
        } else if (e instanceof VisitorUnassigned u) {
          assertThat(u.reason().equals(SalesFloor.COMMERCIAL_OFFLINE))
              .isEqualTo(orphans.contains(u.visitorId()));
        }
      }
      if (change.queueMoved()) {
        List<UserId> q = floor.queue();
        for (int i = 0; i < q.size(); i++) {
          announced.put(q.get(i), i + 1);
        }
      }
      check(before);
    }

    void check(SalesFloor before) {
      List<UserId> queue = floor.queue();
      assertThat(queue).as("the queue in arrival order").isEqualTo(model);
      assertThat(floor.queueLength()).isEqualTo(model.size());
      Set<UserId> assigned = new HashSet<>();
      for (Seat s : floor.seats()) {
        assertThat(s.load())
            .as("%s over capacity", s.commercialId())
            .isLessThanOrEqualTo(s.capacity());
        for (UserId v : s.visitors()) {
          assertThat(assigned.add(v)).as("%s assigned twice", v).isTrue();
          assertThat(floor.assignmentOf(v)).contains(s.commercialId());
          assertThat(floor.positionOf(v)).as("%s both assigned and queued", v).isEmpty();
          assertThat(online).contains(v);
        }
      }
      for (int i = 0; i < queue.size(); i++) {
        UserId v = queue.get(i);
        assertThat(assigned).doesNotContain(v);
        assertThat(announced.get(v)).as("announced position of %s", v).isEqualTo(i + 1);
      }
      if (random.nextInt(50) == 0) {
        // spot checks of the O(log n) lookups, and of the floor before the change staying as it was
        for (int k = 0; k < 20 && !queue.isEmpty(); k++) {
          int i = random.nextInt(queue.size());
          assertThat(floor.positionOf(queue.get(i))).contains(i + 1);
          assertThat(floor.queue(i, 3)).isEqualTo(queue.subList(i, Math.min(i + 3, queue.size())));
        }
        assertThat(SalesFloor.fromPrimitives(floor.toPrimitives()).queue()).isEqualTo(queue);
        assertThat(before.queueLength()).isEqualTo(before.queue().size());
      }
    }
  }
}
