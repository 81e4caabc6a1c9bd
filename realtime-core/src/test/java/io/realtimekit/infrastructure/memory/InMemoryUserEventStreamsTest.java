package io.realtimekit.infrastructure.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtimekit.application.port.StreamLimits;
import io.realtimekit.application.port.StreamPosition;
import io.realtimekit.application.port.StreamRead;
import io.realtimekit.application.port.UserEventStreams;
import io.realtimekit.application.port.UserEventStreamsContract;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.UserId;
import io.realtimekit.testing.ManualScheduler;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The streams contract on the in-memory store, and its idle eviction. */
class InMemoryUserEventStreamsTest extends UserEventStreamsContract {

  @Override
  protected UserEventStreams newStreams(StreamLimits limits, ManualScheduler clock) {
    return new InMemoryUserEventStreams(limits, clock);
  }

  @Override
  protected UserEventStreams loseHistory(
      UserEventStreams streams, StreamLimits limits, ManualScheduler clock) {
    return new InMemoryUserEventStreams(limits, clock); // a restarted node
  }

  @Test
  void idleStreamsKeepTheirPositionForTheRetentionThenAreForgotten() {
    ManualScheduler clock = new ManualScheduler();
    InMemoryUserEventStreams s =
        new InMemoryUserEventStreams(
            new StreamLimits(Duration.ofSeconds(10), 100), clock, Duration.ofMinutes(5));
    CompanyId c = CompanyId.of(UUID.randomUUID());
    for (int u = 0; u < 50; u++) {
      s.append(c, UserId.of("u" + u), "e", "{}");
    }
    StreamPosition p = s.position(c, UserId.of("u0"));
    clock.advance(Duration.ofMinutes(1));
    s.trim();
    assertThat(s.size()).isEqualTo(50);
    assertThat(s.readAfter(c, UserId.of("u0"), p, 10)).isInstanceOf(StreamRead.Events.class);
    clock.advance(Duration.ofMinutes(5));
    s.trim();
    assertThat(s.size()).isZero();
    StreamRead after = s.readAfter(c, UserId.of("u0"), p, 10);
    assertThat(((StreamRead.Lost) after).reason()).isEqualTo(StreamRead.Reason.EPOCH_CHANGED);
  }
}
