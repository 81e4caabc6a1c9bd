package io.realtimekit;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import io.realtimekit.domain.assignment.AssignmentPolicies;
import io.realtimekit.testing.CoreHarness;
import io.realtimekit.testing.InMemoryConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The rule of {@code visitor:queued}: a visitor is told its position at once when it joins the
 * queue, then at most once per second, always its latest position; a change at the head of a long
 * queue does not send a frame per waiting visitor each time (manual clock).
 */
class QueuePositionCoalescingTest {
  static final CompanyId A = CompanyId.of(UUID.randomUUID());
  static final int WAITING = 300;

  CoreHarness h = CoreHarness.start(b -> b.assignment(AssignmentPolicies.offerToAll()));

  @AfterEach
  void stop() {
    h.close();
  }

  static List<Integer> positions(InMemoryConnection c) {
    return c.events("visitor:queued").stream().map(d -> d.get("position").asInt()).toList();
  }

  int totalQueuedFrames(List<InMemoryConnection> visitors) {
    return visitors.stream().mapToInt(v -> v.events("visitor:queued").size()).sum();
  }

  @Test
  void headChangesWithinASecondAreOneFrameAVisitorWithTheLatestPosition() {
    InMemoryConnection commercial = h.connect("c1", A, Role.COMMERCIAL, Map.of("maxChats", 100));
    List<InMemoryConnection> visitors = new ArrayList<>();
    for (int i = 0; i < WAITING; i++) {
      visitors.add(h.connect("v" + i, A, Role.VISITOR));
    }
    // each told its position at once
    for (int i = 0; i < WAITING; i++) {
      assertThat(positions(visitors.get(i))).containsExactly(i + 1);
    }

    // ten claims at the head within the same second: no frame yet for those told under a second ago
    for (int i = 0; i < 10; i++) {
      String id = "v" + i;
      commercial.receive(
          "{\"event\":\"visitor:claim\",\"data\":{\"visitorId\":\""
              + id
              + "\"},\"id\":"
              + (i + 1)
              + "}");
      assertThat(commercial.reply(i + 1).orElseThrow().path("ok").asBoolean()).isTrue();
    }
    assertThat(totalQueuedFrames(visitors)).isEqualTo(WAITING);

    // a second later: one frame each, with the latest position
    h.time.advance(Duration.ofSeconds(1));
    for (int i = 10; i < WAITING; i++) {
      assertThat(positions(visitors.get(i))).containsExactly(i + 1, i - 9);
    }
    assertThat(h.realtime.queue(A).get(0)).isEqualTo(UserId.of("v10"));

    // the next move, right after that flush, waits for the next second again
    commercial.receive("{\"event\":\"visitor:claim\",\"data\":{\"visitorId\":\"v10\"},\"id\":100}");
    h.time.advance(Duration.ofMillis(500));
    assertThat(positions(visitors.get(11))).containsExactly(12, 2);
    h.time.advance(Duration.ofMillis(500));
    assertThat(positions(visitors.get(11))).containsExactly(12, 2, 1);
    assertThat(positions(visitors.get(WAITING - 1)))
        .containsExactly(WAITING, WAITING - 10, WAITING - 11);

    // a visitor at the tail leaving moves nobody: no frame at all
    int before = totalQueuedFrames(visitors);
    visitors.get(WAITING - 1).drop();
    h.time.advance(Duration.ofSeconds(5));
    assertThat(totalQueuedFrames(visitors)).isEqualTo(before);
  }
}
