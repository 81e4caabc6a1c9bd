package io.realtimekit.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtimekit.Realtime;
import io.realtimekit.application.assignment.GetCommercialLoad;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.UserId;
import io.realtimekit.domain.assignment.Seat;
import io.realtimekit.domain.event.VisitorAssigned;
import io.realtimekit.domain.event.VisitorQueued;
import io.realtimekit.domain.event.VisitorUnassigned;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Watches a {@link Realtime}'s assignment events and checks the invariants of assignment against
 * presence: no visitor assigned twice, nobody over capacity (also at every moment, from the
 * events), commercials seated exactly while online, assigned and queued visitors online, the queue
 * without duplicates and each waiting visitor told its true position, and nobody waiting while a
 * commercial has room. Used by the churn tests, in memory and over real sockets.
 */
public final class AssignmentInvariants {
  private final Realtime realtime;
  private final CompanyId company;
  private final int capacity;
  private final Map<UserId, Integer> lastPosition = new ConcurrentHashMap<>();
  private final Map<UserId, Integer> load = new HashMap<>();
  private final List<String> violations = Collections.synchronizedList(new ArrayList<>());

  /** Subscribes to the assignment events of {@code realtime}. */
  public AssignmentInvariants(Realtime realtime, CompanyId company, int capacity) {
    this.realtime = realtime;
    this.company = company;
    this.capacity = capacity;
    realtime.subscribe(VisitorQueued.class, e -> lastPosition.put(e.visitorId(), e.position()));
    realtime.subscribe(
        VisitorAssigned.class,
        e -> {
          lastPosition.remove(e.visitorId());
          synchronized (load) {
            if (load.merge(e.commercialId(), 1, Integer::sum) > capacity) {
              violations.add(e.commercialId() + " over capacity");
            }
          }
        });
    realtime.subscribe(
        VisitorUnassigned.class,
        e -> {
          synchronized (load) {
            load.merge(e.commercialId(), -1, Integer::sum);
          }
        });
  }

  /** Asserts every invariant now, for commercials {@code c0 .. c<commercials-1>}. */
  public void check(int commercials) {
    Set<UserId> seen = new HashSet<>();
    boolean anyRoom = false;
    for (int i = 0; i < commercials; i++) {
      UserId c = UserId.of("c" + i);
      Optional<Seat> seat = realtime.queries().ask(new GetCommercialLoad(company, c));
      assertThat(seat.isPresent()).as("%s seated iff online", c).isEqualTo(realtime.isConnected(c));
      if (seat.isPresent()) {
        assertThat(seat.get().load()).isLessThanOrEqualTo(capacity);
        anyRoom |= seat.get().hasRoom();
        for (UserId v : seat.get().visitors()) {
          assertThat(seen.add(v)).as("%s assigned twice", v).isTrue();
          assertThat(realtime.isConnected(v)).as("%s assigned but offline", v).isTrue();
        }
      }
    }
    List<UserId> queue = realtime.queue(company);
    assertThat(new HashSet<>(queue)).hasSameSizeAs(queue);
    for (int i = 0; i < queue.size(); i++) {
      assertThat(seen).doesNotContain(queue.get(i));
      assertThat(realtime.isConnected(queue.get(i))).isTrue();
      assertThat(lastPosition.get(queue.get(i)))
          .as("announced position of %s", queue.get(i))
          .isEqualTo(i + 1);
    }
    assertThat(queue.isEmpty() || !anyRoom).as("nobody waits while a commercial has room").isTrue();
    assertThat(violations).isEmpty();
  }
}
