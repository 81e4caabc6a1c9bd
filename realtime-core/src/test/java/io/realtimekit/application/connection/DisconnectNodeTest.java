package io.realtimekit.application.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtimekit.Realtime;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.ConnectionId;
import io.realtimekit.domain.NodeId;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import io.realtimekit.domain.event.ConnectionClosed;
import io.realtimekit.domain.event.DomainEvent;
import io.realtimekit.domain.event.UserDisconnected;
import io.realtimekit.infrastructure.auth.JwtTokenVerifier;
import io.realtimekit.testing.ManualScheduler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sweep of a dead node's connections goes through the grace period, and announces once. */
class DisconnectNodeTest {
  static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
  static final CompanyId A = CompanyId.of(UUID.randomUUID());
  static final NodeId DEAD = NodeId.of("dead");
  static final NodeId ALIVE = NodeId.of("alive");

  ManualScheduler time = new ManualScheduler();
  Realtime realtime;
  List<DomainEvent> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    realtime =
        Realtime.builder()
            .tokenVerifier(JwtTokenVerifier.hmac(SECRET).build())
            .scheduler(time)
            .clock(time)
            .nodeId(ALIVE)
            .build()
            .start();
    realtime.subscribe(DomainEvent.class, events::add);
  }

  @AfterEach
  void stop() {
    realtime.close();
  }

  void connect(String user, NodeId node) {
    assertThat(
            realtime
                .commands()
                .send(
                    new ConnectUser(
                        UserId.of(user),
                        A,
                        Set.of(Role.VISITOR),
                        ConnectionId.random(),
                        node,
                        Map.of()))
                .isOk())
        .isTrue();
  }

  @Test
  void aUserOnlyOnTheDeadNodeGoesOfflineOnceAfterTheGracePeriod() {
    connect("u1", DEAD);
    connect("u1", DEAD);

    assertThat(realtime.commands().send(new DisconnectNode(UserId.of("u1"), DEAD)).isOk()).isTrue();
    assertThat(events).filteredOn(ConnectionClosed.class::isInstance).hasSize(2);
    assertThat(realtime.isConnected(UserId.of("u1"))).isFalse();
    assertThat(events).filteredOn(UserDisconnected.class::isInstance).isEmpty();

    // sweeping again changes nothing
    realtime.commands().send(new DisconnectNode(UserId.of("u1"), DEAD));
    time.advance(realtime.settings().gracePeriod().plus(Duration.ofMillis(1)));

    assertThat(events).filteredOn(ConnectionClosed.class::isInstance).hasSize(2);
    assertThat(events).filteredOn(UserDisconnected.class::isInstance).hasSize(1);
  }

  @Test
  void aUserStillOnAnotherNodeStaysOnline() {
    connect("u2", DEAD);
    connect("u2", ALIVE);

    realtime.commands().send(new DisconnectNode(UserId.of("u2"), DEAD));
    time.advance(realtime.settings().gracePeriod().plusSeconds(1));

    assertThat(realtime.isConnected(UserId.of("u2"))).isTrue();
    assertThat(events).filteredOn(ConnectionClosed.class::isInstance).hasSize(1);
    assertThat(events).filteredOn(UserDisconnected.class::isInstance).isEmpty();
  }

  @Test
  void anUnknownUserIsHarmless() {
    assertThat(realtime.commands().send(new DisconnectNode(UserId.of("nobody"), DEAD)).isOk())
        .isTrue();
    assertThat(events).isEmpty();
  }
}
