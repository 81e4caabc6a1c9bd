package io.realtimekit.application.continuity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.realtimekit.application.port.CloseReason;
import io.realtimekit.application.port.DeliveryException;
import io.realtimekit.application.port.DeliveryPort;
import io.realtimekit.application.port.KeptEvent;
import io.realtimekit.application.port.OutboundEvent;
import io.realtimekit.application.port.StreamLimits;
import io.realtimekit.application.port.StreamPosition;
import io.realtimekit.application.port.StreamRead;
import io.realtimekit.application.port.UserEventStreams;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.ConnectionId;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import io.realtimekit.infrastructure.memory.InMemoryConnectionRepository;
import io.realtimekit.infrastructure.memory.InMemoryUserEventStreams;
import io.realtimekit.testing.ManualScheduler;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A kept event to several users (a conversation's participants): appended to all their streams in
 * one {@code appendAll}, handed on once through {@code toUsersAt} with each user's own position;
 * when the store fails, delivered to nobody and refused with a DeliveryException (one user or a
 * batch); transient events pass through unkept.
 */
class KeptEventDeliveryTest {
  final CompanyId company = CompanyId.of(UUID.randomUUID());
  final UserId ann = UserId.of("ann");
  final UserId bob = UserId.of("bob");
  final UserId cid = UserId.of("cid");
  final Set<UserId> three = new LinkedHashSet<>(List.of(ann, bob, cid));
  final ManualScheduler clock = new ManualScheduler();
  final InMemoryUserEventStreams memory =
      new InMemoryUserEventStreams(StreamLimits.DEFAULTS, clock);
  final AtomicInteger appendAllCalls = new AtomicInteger();
  final AtomicInteger singleAppends = new AtomicInteger();
  volatile boolean storeDown;

  /** Counts calls; throws as an unreachable store does when {@link #storeDown}. */
  final UserEventStreams streams =
      new UserEventStreams() {
        @Override
        public StreamPosition append(CompanyId c, UserId u, String type, String payload) {
          singleAppends.incrementAndGet();
          check();
          return memory.append(c, u, type, payload);
        }

        @Override
        public Map<UserId, StreamPosition> appendAll(
            CompanyId c, Set<UserId> users, String type, String payload) {
          appendAllCalls.incrementAndGet();
          check();
          return memory.appendAll(c, users, type, payload);
        }

        @Override
        public StreamRead readAfter(CompanyId c, UserId u, StreamPosition after, int max) {
          return memory.readAfter(c, u, after, max);
        }

        @Override
        public StreamPosition position(CompanyId c, UserId u) {
          return memory.position(c, u);
        }

        @Override
        public void trim() {}

        private void check() {
          if (storeDown) {
            throw new IllegalStateException("store unreachable");
          }
        }
      };

  /** Records what it is asked to deliver. */
  final List<String> calls = new ArrayList<>();

  final List<Map<UserId, StreamPosition>> positionsHanded = new ArrayList<>();
  final List<OutboundEvent> eventsHanded = new ArrayList<>();

  final DeliveryPort below =
      new DeliveryPort() {
        @Override
        public int toUser(CompanyId c, UserId u, OutboundEvent e) {
          calls.add("toUser");
          eventsHanded.add(e);
          return 1;
        }

        @Override
        public int toUsers(CompanyId c, Set<UserId> users, OutboundEvent e) {
          calls.add("toUsers");
          eventsHanded.add(e);
          return users.size();
        }

        @Override
        public int toUsersAt(CompanyId c, Map<UserId, StreamPosition> positions, OutboundEvent e) {
          calls.add("toUsersAt");
          positionsHanded.add(positions);
          eventsHanded.add(e);
          return positions.size();
        }

        @Override
        public int toRole(CompanyId c, Role r, OutboundEvent e) {
          return 0;
        }

        @Override
        public int toCompany(CompanyId c, OutboundEvent e) {
          return 0;
        }

        @Override
        public boolean toConnection(CompanyId c, ConnectionId id, OutboundEvent e) {
          return false;
        }

        @Override
        public void watchPresence(ConnectionId id) {}

        @Override
        public int toPresenceWatchers(
            CompanyId c, UserId subject, Set<Role> roles, OutboundEvent e) {
          return 0;
        }

        @Override
        public int closeUser(CompanyId c, UserId u, CloseReason why, String reason) {
          return 0;
        }
      };

  final KeptEventDelivery kept =
      new KeptEventDelivery(below, streams, new InMemoryConnectionRepository());

  @Test
  void anEventToSeveralUsersIsKeptInOneBatchAndHandedOnOnceWithEachUsersOwnPosition() {
    memory.append(company, bob, "earlier", "{}");
    OutboundEvent message = OutboundEvent.of("conversation:message", "{\"m\":1}");

    assertThat(kept.toUsers(company, three, message)).isEqualTo(3);

    assertThat(appendAllCalls).hasValue(1);
    assertThat(singleAppends).hasValue(0);
    assertThat(calls).containsExactly("toUsersAt");
    Map<UserId, StreamPosition> handed = positionsHanded.get(0);
    assertThat(handed.keySet()).containsExactly(ann, bob, cid);
    assertThat(handed.get(ann).offset()).isEqualTo(1);
    assertThat(handed.get(bob).offset())
        .as("bob's own stream: after its earlier event")
        .isEqualTo(2);
    assertThat(handed.get(cid).offset()).isEqualTo(1);
    assertThat(eventsHanded.get(0)).isEqualTo(message);
    for (UserId u : three) {
      StreamPosition p = handed.get(u);
      StreamRead r =
          memory.readAfter(company, u, new StreamPosition(p.epoch(), p.offset() - 1), 10);
      assertThat(((StreamRead.Events) r).events())
          .containsExactly(new KeptEvent(p.offset(), "conversation:message", "{\"m\":1}"));
    }
  }

  @Test
  void whenTheStoreFailsTheEventIsDeliveredToNobodyAndRefused() {
    storeDown = true;
    OutboundEvent message = OutboundEvent.of("conversation:message", "{\"m\":1}");

    assertThatThrownBy(() -> kept.toUsers(company, three, message))
        .isInstanceOf(DeliveryException.class);
    assertThatThrownBy(() -> kept.toUser(company, ann, OutboundEvent.of("chat:message", "{}")))
        .isInstanceOf(DeliveryException.class);

    assertThat(calls).isEmpty();
    assertThat(eventsHanded).isEmpty();
  }

  @Test
  void transientEventsAndEmptyAudiencesAreNotKept() {
    kept.toUsers(company, three, new OutboundEvent("conversation:typing", "{}", true));
    kept.toUsers(company, Set.of(), OutboundEvent.of("conversation:message", "{}"));

    assertThat(appendAllCalls).hasValue(0);
    assertThat(singleAppends).hasValue(0);
    assertThat(calls).containsExactly("toUsers", "toUsers");
  }

  @Test
  void aSingleUserStillGetsItsOwnAppend() {
    assertThat(kept.toUser(company, ann, OutboundEvent.of("chat:message", "{}"))).isEqualTo(1);

    assertThat(singleAppends).hasValue(1);
    assertThat(eventsHanded.get(0).offset()).isEqualTo(1);
  }
}
