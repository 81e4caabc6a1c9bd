package io.realtimekit;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtimekit.application.port.TaskScheduler;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import io.realtimekit.domain.event.UserDisconnected;
import io.realtimekit.testing.CoreHarness;
import io.realtimekit.testing.InMemoryConnection;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A grace-period timer may fire before {@code schedule} has even returned (a short grace period on
 * a busy machine). The offline check must not be lost then: found by the churn test, where a
 * visitor stayed assigned while offline.
 */
class GracePeriodTimerRaceTest {

  static final Duration GRACE = Duration.ofSeconds(3);

  /**
   * Runs grace-period timers at once, on the calling thread, inside {@code schedule}; holds every
   * other timer (authentication timeout, token expiry) without running it.
   */
  static final class GraceFiresAtOnce implements TaskScheduler {
    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
      if (delay.equals(GRACE)) {
        task.run();
      }
      return () -> {};
    }

    @Override
    public void close() {}
  }

  @Test
  void aTimerThatFiresInsideScheduleStillAnnouncesTheUserOffline() {
    List<UserDisconnected> offline = new CopyOnWriteArrayList<>();
    CompanyId company = CompanyId.of(UUID.randomUUID());
    try (CoreHarness h =
        CoreHarness.start(b -> b.scheduler(new GraceFiresAtOnce()).gracePeriod(GRACE))) {
      h.realtime.subscribe(UserDisconnected.class, offline::add);
      InMemoryConnection visitor = h.connect("v1", company, Role.VISITOR);
      visitor.drop();
      assertThat(offline).extracting(e -> e.userId().value()).containsExactly("v1");
      assertThat(h.realtime.isConnected(UserId.of("v1"))).isFalse();
    }
  }
}
