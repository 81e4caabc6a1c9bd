package io.realtimekit.application.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.realtimekit.Realtime;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Connection;
import io.realtimekit.domain.ConnectionId;
import io.realtimekit.domain.ConnectionUser;
import io.realtimekit.domain.NodeId;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import io.realtimekit.domain.event.DomainEvent;
import io.realtimekit.domain.event.UserDisconnected;
import io.realtimekit.infrastructure.auth.JwtTokenVerifier;
import io.realtimekit.infrastructure.memory.InMemoryConnectionRepository;
import io.realtimekit.infrastructure.memory.InMemoryNodeLeases;
import io.realtimekit.testing.ManualScheduler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Ghosts of a dead node are swept by the core, whatever the store: a lapsed node's users go offline
 * once after the grace period, and a node sweeps at start what its previous run left.
 */
@Timeout(60)
class NodeLivenessTest {
  static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
  static final CompanyId COMPANY = CompanyId.of(UUID.randomUUID());
  static final NodeId DEAD = NodeId.of("dead");
  static final NodeId ME = NodeId.of("me");
  static final Duration WAIT = Duration.ofSeconds(10);

  final ManualScheduler time = new ManualScheduler();
  final InMemoryNodeLeases leases = new InMemoryNodeLeases(time);
  final InMemoryConnectionRepository repository = new InMemoryConnectionRepository();
  final List<DomainEvent> events = new CopyOnWriteArrayList<>();
  Realtime realtime;

  @AfterEach
  void stop() {
    if (realtime != null) {
      realtime.close();
    }
  }

  private Realtime start() {
    realtime =
        Realtime.builder()
            .tokenVerifier(JwtTokenVerifier.hmac(SECRET).build())
            .scheduler(time)
            .clock(time)
            .nodeId(ME)
            .repository(repository)
            .nodeLeases(leases)
            .nodeHeartbeat(Duration.ofMillis(50))
            .build();
    realtime.subscribe(DomainEvent.class, events::add);
    return realtime.start();
  }

  private long offlineAnnouncements(String user) {
    return events.stream()
        .filter(UserDisconnected.class::isInstance)
        .map(UserDisconnected.class::cast)
        .filter(e -> e.userId().value().equals(user))
        .count();
  }

  @Test
  void theUsersOfANodeWhoseLeaseLapsedGoOfflineOnceAfterTheGracePeriod() {
    start();
    leases.renew(DEAD, Duration.ofSeconds(5));
    realtime.commands().send(connect("ghost", DEAD));
    realtime.commands().send(connect("alive-too", DEAD));
    realtime.commands().send(connect("alive-too", ME));
    assertThat(realtime.isConnected(UserId.of("ghost"))).isTrue();

    time.advance(Duration.ofSeconds(6)); // the dead node stopped renewing

    await().atMost(WAIT).until(() -> !realtime.isConnected(UserId.of("ghost")));
    await().atMost(WAIT).until(() -> !leases.lapsed().contains(DEAD));
    assertThat(realtime.isConnected(UserId.of("alive-too"))).isTrue();
    assertThat(offlineAnnouncements("ghost")).isZero(); // still inside its grace period

    time.advance(realtime.settings().gracePeriod().plusMillis(1));
    assertThat(offlineAnnouncements("ghost")).isEqualTo(1);
    assertThat(offlineAnnouncements("alive-too")).isZero();
  }

  @Test
  void aNodeSweepsAtStartWhatItsPreviousRunLeftUnderTheSameNodeId() {
    ConnectionUser leftover =
        ConnectionUser.create(UserId.of("left-over"), COMPANY, Set.of(Role.COMMERCIAL))
            .connect(new Connection(ConnectionId.random(), ME, time.instant()))
            .value()
            .user();
    repository.save(leftover);

    start();

    assertThat(realtime.isConnected(UserId.of("left-over"))).isFalse();
    time.advance(realtime.settings().gracePeriod().plusMillis(1));
    assertThat(offlineAnnouncements("left-over")).isEqualTo(1);
    assertThat(repository.findConnectedOn(ME)).isEmpty();
  }

  @Test
  void closingGivesTheLeaseUpSoThatOtherNodesMaySweepAtOnce() {
    start();
    assertThat(leases.lapsed()).doesNotContain(ME);
    realtime.close();
    assertThat(leases.lapsed()).contains(ME);
  }

  private static ConnectUser connect(String user, NodeId node) {
    return new ConnectUser(
        UserId.of(user), COMPANY, Set.of(Role.COMMERCIAL), ConnectionId.random(), node, Map.of());
  }
}
