package io.realtimekit.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.realtimekit.domain.ConnectionUser.Change;
import io.realtimekit.domain.ConnectionUser.Primitives;
import io.realtimekit.domain.ConnectionUser.Primitives.ConnectionPrimitives;
import io.realtimekit.domain.event.CommercialConnected;
import io.realtimekit.domain.event.CommercialDisconnected;
import io.realtimekit.domain.event.ConnectionClosed;
import io.realtimekit.domain.event.ConnectionOpened;
import io.realtimekit.domain.event.DomainEvent;
import io.realtimekit.domain.event.RolesUpdated;
import io.realtimekit.domain.event.UserConnected;
import io.realtimekit.domain.event.UserDisconnected;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ConnectionUserTest {
  private static final UserId ALICE = UserId.of("alice");
  private static final CompanyId ACME = CompanyId.of("6f1c2a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5b");
  private static final NodeId NODE_1 = NodeId.of("node-1");
  private static final NodeId NODE_2 = NodeId.of("node-2");
  private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
  private static final ConnectionId C1 = ConnectionId.of("c1");
  private static final ConnectionId C2 = ConnectionId.of("c2");
  private static final ConnectionId C3 = ConnectionId.of("c3");

  private static ConnectionUser visitor() {
    return ConnectionUser.create(ALICE, ACME, Set.of(Role.VISITOR));
  }

  private static ConnectionUser commercial() {
    return ConnectionUser.create(ALICE, ACME, Set.of(Role.COMMERCIAL));
  }

  private static Connection conn(ConnectionId id, NodeId node, int second) {
    return new Connection(id, node, T0.plusSeconds(second));
  }

  private static List<Class<?>> types(Change change) {
    return change.events().stream().<Class<?>>map(Object::getClass).toList();
  }

  @Nested
  class Create {
    @Test
    void needsAtLeastOneRole() {
      assertThatThrownBy(() -> ConnectionUser.create(ALICE, ACME, Set.of()))
          .isInstanceOf(DomainException.class)
          .hasMessageContaining("role")
          .extracting(e -> ((DomainException) e).code())
          .isEqualTo(ErrorCode.INVALID_ARGUMENT);
      assertThatThrownBy(() -> ConnectionUser.create(ALICE, ACME, null))
          .isInstanceOf(DomainException.class);
    }

    @Test
    void needsIdAndCompany() {
      assertThatThrownBy(() -> ConnectionUser.create(null, ACME, Set.of(Role.VISITOR)))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("userId");
      assertThatThrownBy(() -> ConnectionUser.create(ALICE, null, Set.of(Role.VISITOR)))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("companyId");
    }

    @Test
    void startsOfflineWithItsRolesAndCopiesTheRoleSet() {
      Set<Role> roles = new HashSet<>(Set.of(Role.COMMERCIAL, Role.ADMIN));
      ConnectionUser user = ConnectionUser.create(ALICE, ACME, roles);
      roles.clear();

      assertThat(user.userId()).isEqualTo(ALICE);
      assertThat(user.companyId()).isEqualTo(ACME);
      assertThat(user.roles()).containsExactlyInAnyOrder(Role.COMMERCIAL, Role.ADMIN);
      assertThat(user.hasRole(Role.ADMIN)).isTrue();
      assertThat(user.hasRole(Role.VISITOR)).isFalse();
      assertThat(user.isConnected()).isFalse();
      assertThat(user.isAnnouncedOnline()).isFalse();
      assertThat(user.connections()).isEmpty();
      assertThatThrownBy(() -> user.roles().add(Role.VISITOR))
          .isInstanceOf(UnsupportedOperationException.class);
    }
  }

  @Nested
  class Connect {
    @Test
    void firstConnectionOfAVisitorRaisesConnectionOpenedAndUserConnected() {
      ConnectionUser offline = visitor();
      Change change = offline.connect(conn(C1, NODE_1, 0)).value();

      assertThat(types(change)).containsExactly(ConnectionOpened.class, UserConnected.class);
      ConnectionOpened opened = (ConnectionOpened) change.events().get(0);
      assertThat(opened.userId()).isEqualTo(ALICE);
      assertThat(opened.companyId()).isEqualTo(ACME);
      assertThat(opened.connectionId()).isEqualTo(C1);
      assertThat(opened.nodeId()).isEqualTo(NODE_1);
      assertThat(opened.occurredAt()).isEqualTo(T0);
      assertThat(opened.roles()).containsExactly(Role.VISITOR);
      UserConnected connected = (UserConnected) change.events().get(1);
      assertThat(connected.userId()).isEqualTo(ALICE);
      assertThat(connected.roles()).containsExactly(Role.VISITOR);

      ConnectionUser online = change.user();
      assertThat(online.isConnected()).isTrue();
      assertThat(online.isAnnouncedOnline()).isTrue();
      assertThat(online.connection(C1)).contains(conn(C1, NODE_1, 0));
      // the original is unchanged
      assertThat(offline.isConnected()).isFalse();
      assertThat(offline.isAnnouncedOnline()).isFalse();
      assertThat(offline.connections()).isEmpty();
    }

    @Test
    void firstConnectionOfACommercialAlsoRaisesCommercialConnected() {
      Change change = commercial().connect(conn(C1, NODE_1, 0)).value();

      assertThat(types(change))
          .containsExactly(ConnectionOpened.class, UserConnected.class, CommercialConnected.class);
      assertThat(((CommercialConnected) change.events().get(2)).userId()).isEqualTo(ALICE);
    }

    @Test
    void secondConnectionRaisesOnlyConnectionOpened() {
      ConnectionUser once = commercial().connect(conn(C1, NODE_1, 0)).value().user();
      Change change = once.connect(conn(C2, NODE_2, 1)).value();

      assertThat(types(change)).containsExactly(ConnectionOpened.class);
      assertThat(change.user().connections())
          .containsExactly(conn(C1, NODE_1, 0), conn(C2, NODE_2, 1));
      assertThat(once.connections()).containsExactly(conn(C1, NODE_1, 0));
    }

    @Test
    void duplicateConnectionIdIsAConflict() {
      ConnectionUser once = visitor().connect(conn(C1, NODE_1, 0)).value().user();
      Result<Change> again = once.connect(conn(C1, NODE_2, 5));

      assertThat(again.isOk()).isFalse();
      assertThat(again.failure().code()).isEqualTo(ErrorCode.CONFLICT);
      assertThat(again.failure().message()).contains("c1");
      assertThat(once.connections()).containsExactly(conn(C1, NODE_1, 0));
    }

    @Test
    void rejectsNull() {
      assertThatThrownBy(() -> visitor().connect(null)).isInstanceOf(NullPointerException.class);
    }
  }

  @Nested
  class DisconnectAndConfirmOffline {
    @Test
    void unknownConnectionIsAFailure() {
      ConnectionUser online = visitor().connect(conn(C1, NODE_1, 0)).value().user();
      Result<Change> result = online.disconnect(C2, T0);

      assertThat(result.isOk()).isFalse();
      assertThat(result.failure().code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
      assertThat(result.failure().message()).contains("c2").contains("alice");
      assertThat(online.connections()).hasSize(1);
    }

    @Test
    void unknownConnectionOfAUserThatNeverConnectedIsAFailure() {
      Result<Change> result = visitor().disconnect(C1, T0);

      assertThat(result.isOk()).isFalse();
      assertThat(result.failure().code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void closingOneOfTwoSocketsRaisesConnectionClosedWithTheRemainingCount() {
      ConnectionUser two =
          visitor()
              .connect(conn(C1, NODE_1, 0))
              .value()
              .user()
              .connect(conn(C2, NODE_2, 1))
              .value()
              .user();
      Change change = two.disconnect(C1, T0.plusSeconds(2)).value();

      assertThat(types(change)).containsExactly(ConnectionClosed.class);
      ConnectionClosed closed = (ConnectionClosed) change.events().get(0);
      assertThat(closed.connectionId()).isEqualTo(C1);
      assertThat(closed.nodeId()).isEqualTo(NODE_1);
      assertThat(closed.remainingConnections()).isEqualTo(1);
      assertThat(closed.occurredAt()).isEqualTo(T0.plusSeconds(2));
      assertThat(change.user().isConnected()).isTrue();
      assertThat(two.connections()).hasSize(2);
    }

    @Test
    void lastSocketRaisesConnectionClosedOnlyAndStaysAnnouncedOnline() {
      ConnectionUser online = commercial().connect(conn(C1, NODE_1, 0)).value().user();
      Change change = online.disconnect(C1, T0.plusSeconds(1)).value();

      assertThat(types(change)).containsExactly(ConnectionClosed.class);
      assertThat(((ConnectionClosed) change.events().get(0)).remainingConnections()).isZero();
      assertThat(change.user().isConnected()).isFalse();
      assertThat(change.user().isAnnouncedOnline()).isTrue();
      assertThat(online.isConnected()).isTrue();
    }

    @Test
    void confirmOfflineAfterTheLastSocketRaisesUserDisconnectedExactlyOnce() {
      ConnectionUser gone =
          visitor()
              .connect(conn(C1, NODE_1, 0))
              .value()
              .user()
              .disconnect(C1, T0.plusSeconds(1))
              .value()
              .user();
      Change first = gone.confirmOffline(T0.plusSeconds(4));

      assertThat(types(first)).containsExactly(UserDisconnected.class);
      UserDisconnected event = (UserDisconnected) first.events().get(0);
      assertThat(event.userId()).isEqualTo(ALICE);
      assertThat(event.companyId()).isEqualTo(ACME);
      assertThat(event.occurredAt()).isEqualTo(T0.plusSeconds(4));
      assertThat(first.user().isAnnouncedOnline()).isFalse();
      assertThat(gone.isAnnouncedOnline()).isTrue();

      Change second = first.user().confirmOffline(T0.plusSeconds(8));
      assertThat(second.events()).isEmpty();
      assertThat(second.user()).isEqualTo(first.user());
    }

    @Test
    void confirmOfflineOfACommercialAlsoRaisesCommercialDisconnected() {
      ConnectionUser gone =
          commercial()
              .connect(conn(C1, NODE_1, 0))
              .value()
              .user()
              .disconnect(C1, T0.plusSeconds(1))
              .value()
              .user();
      Change change = gone.confirmOffline(T0.plusSeconds(4));

      assertThat(types(change))
          .containsExactly(UserDisconnected.class, CommercialDisconnected.class);
      assertThat(change.user().confirmOffline(T0.plusSeconds(5)).events()).isEmpty();
    }

    @Test
    void reconnectInsideTheGracePeriodRaisesNoSecondUserConnectedAndNoUserDisconnected() {
      ConnectionUser gone =
          commercial()
              .connect(conn(C1, NODE_1, 0))
              .value()
              .user()
              .disconnect(C1, T0.plusSeconds(1))
              .value()
              .user();
      Change back = gone.connect(conn(C2, NODE_1, 2)).value();

      assertThat(types(back)).containsExactly(ConnectionOpened.class);
      Change confirm = back.user().confirmOffline(T0.plusSeconds(4));
      assertThat(confirm.events()).isEmpty();
      assertThat(confirm.user()).isSameAs(back.user());
      assertThat(confirm.user().isConnected()).isTrue();
    }

    @Test
    void confirmOfflineOfAUserThatNeverConnectedRaisesNothing() {
      ConnectionUser offline = visitor();
      Change change = offline.confirmOffline(T0);
      assertThat(change.events()).isEmpty();
      assertThat(change.user()).isSameAs(offline);
    }

    @Test
    void afterConfirmedOfflineANewConnectionIsAnnouncedAgain() {
      ConnectionUser offline =
          visitor()
              .connect(conn(C1, NODE_1, 0))
              .value()
              .user()
              .disconnect(C1, T0.plusSeconds(1))
              .value()
              .user()
              .confirmOffline(T0.plusSeconds(4))
              .user();
      Change back = offline.connect(conn(C2, NODE_1, 10)).value();
      assertThat(types(back)).containsExactly(ConnectionOpened.class, UserConnected.class);
    }
  }

  @Nested
  class DisconnectNode {
    @Test
    void closesEverySocketOfThatNodeOnly() {
      ConnectionUser user =
          commercial()
              .connect(conn(C1, NODE_1, 0))
              .value()
              .user()
              .connect(conn(C2, NODE_2, 1))
              .value()
              .user()
              .connect(conn(C3, NODE_1, 2))
              .value()
              .user();
      Change change = user.disconnectNode(NODE_1, T0.plusSeconds(9));

      assertThat(types(change)).containsExactly(ConnectionClosed.class, ConnectionClosed.class);
      List<ConnectionClosed> closed =
          change.events().stream().map(ConnectionClosed.class::cast).toList();
      assertThat(closed).extracting(ConnectionClosed::connectionId).containsExactly(C1, C3);
      assertThat(closed).extracting(ConnectionClosed::nodeId).containsOnly(NODE_1);
      assertThat(closed).extracting(ConnectionClosed::remainingConnections).containsExactly(2, 1);
      assertThat(change.user().connections()).containsExactly(conn(C2, NODE_2, 1));
      assertThat(change.user().isAnnouncedOnline()).isTrue();
      assertThat(user.connections()).hasSize(3);
    }

    @Test
    void lastNodeLeavesTheUserAwaitingConfirmOffline() {
      ConnectionUser user = commercial().connect(conn(C1, NODE_1, 0)).value().user();
      Change change = user.disconnectNode(NODE_1, T0.plusSeconds(9));

      assertThat(types(change)).containsExactly(ConnectionClosed.class);
      assertThat(change.user().isConnected()).isFalse();
      assertThat(change.user().isAnnouncedOnline()).isTrue();
      assertThat(types(change.user().confirmOffline(T0.plusSeconds(12))))
          .containsExactly(UserDisconnected.class, CommercialDisconnected.class);
    }

    @Test
    void aNodeWithoutSocketsChangesNothing() {
      ConnectionUser user = visitor().connect(conn(C1, NODE_1, 0)).value().user();
      Change change = user.disconnectNode(NODE_2, T0);
      assertThat(change.events()).isEmpty();
      assertThat(change.user()).isSameAs(user);
    }
  }

  @Nested
  class UpdateRoles {
    @Test
    void replacesTheRolesAndRaisesRolesUpdated() {
      ConnectionUser user = visitor().connect(conn(C1, NODE_1, 0)).value().user();
      Change change = user.updateRoles(Set.of(Role.COMMERCIAL, Role.ADMIN), T0.plusSeconds(3));

      assertThat(types(change)).containsExactly(RolesUpdated.class);
      RolesUpdated event = (RolesUpdated) change.events().get(0);
      assertThat(event.previous()).containsExactly(Role.VISITOR);
      assertThat(event.current()).containsExactlyInAnyOrder(Role.COMMERCIAL, Role.ADMIN);
      assertThat(change.user().roles()).containsExactlyInAnyOrder(Role.COMMERCIAL, Role.ADMIN);
      assertThat(change.user().connections()).isEqualTo(user.connections());
      assertThat(change.user().isAnnouncedOnline()).isTrue();
      assertThat(user.roles()).containsExactly(Role.VISITOR);
    }

    @Test
    void sameRolesRaiseNothing() {
      ConnectionUser user = visitor();
      Change change = user.updateRoles(Set.of(Role.VISITOR), T0);
      assertThat(change.events()).isEmpty();
      assertThat(change.user()).isSameAs(user);
    }

    @Test
    void emptyRolesAreRejected() {
      ConnectionUser user = visitor();
      assertThatThrownBy(() -> user.updateRoles(Set.of(), T0))
          .isInstanceOf(DomainException.class)
          .hasMessageContaining("role");
      assertThat(user.roles()).containsExactly(Role.VISITOR);
    }
  }

  @Nested
  class PrimitivesRoundTrip {
    @Test
    void roundTripsAnOnlineUser() {
      ConnectionUser user =
          ConnectionUser.create(ALICE, ACME, Set.of(Role.COMMERCIAL, Role.ADMIN))
              .connect(conn(C1, NODE_1, 0))
              .value()
              .user()
              .connect(conn(C2, NODE_2, 1))
              .value()
              .user();
      Primitives p = user.toPrimitives();

      assertThat(p.userId()).isEqualTo("alice");
      assertThat(p.companyId()).isEqualTo("6f1c2a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5b");
      assertThat(p.roles()).containsExactly("admin", "commercial");
      assertThat(p.connections())
          .containsExactly(
              new ConnectionPrimitives("c1", "node-1", T0.toEpochMilli()),
              new ConnectionPrimitives("c2", "node-2", T0.plusSeconds(1).toEpochMilli()));
      assertThat(p.announcedOnline()).isTrue();

      ConnectionUser back = ConnectionUser.fromPrimitives(p);
      assertThat(back).isEqualTo(user).hasSameHashCodeAs(user);
      assertThat(back.connections()).containsExactlyElementsOf(user.connections());
    }

    @Test
    void roundTripsAUserInItsGracePeriodAndAnOfflineOne() {
      ConnectionUser grace =
          visitor().connect(conn(C1, NODE_1, 0)).value().user().disconnect(C1, T0).value().user();
      assertThat(ConnectionUser.fromPrimitives(grace.toPrimitives())).isEqualTo(grace);
      assertThat(ConnectionUser.fromPrimitives(grace.toPrimitives()).isAnnouncedOnline()).isTrue();

      ConnectionUser offline = visitor();
      assertThat(ConnectionUser.fromPrimitives(offline.toPrimitives())).isEqualTo(offline);
    }

    @Test
    void roundTripsAConnectionOpenedAtASubMillisecondInstant() {
      // Instant.now() carries microseconds on Linux; primitives store epoch millis
      Instant now = T0.plusNanos(123_456_789);
      ConnectionUser user = visitor().connect(new Connection(C1, NODE_1, now)).value().user();

      ConnectionUser back = ConnectionUser.fromPrimitives(user.toPrimitives());

      assertThat(back).isEqualTo(user);
      assertThat(back.connection(C1).orElseThrow().openedAt()).isEqualTo(T0.plusMillis(123));
    }

    @Test
    void aUserWithConnectionsIsAlwaysAnnouncedOnline() {
      Primitives p =
          new Primitives(
              "alice",
              ACME.toString(),
              List.of("visitor"),
              List.of(new ConnectionPrimitives("c1", "node-1", 0L)),
              false);
      assertThat(ConnectionUser.fromPrimitives(p).isAnnouncedOnline()).isTrue();
    }

    @Test
    void validatesEveryValue() {
      String company = ACME.toString();
      List<ConnectionPrimitives> ok = List.of(new ConnectionPrimitives("c1", "node-1", 0L));
      assertInvalid(new Primitives(" ", company, List.of("visitor"), ok, true), "userId");
      assertInvalid(new Primitives("alice", "acme", List.of("visitor"), ok, true), "companyId");
      assertInvalid(new Primitives("alice", company, List.of("Visitor"), ok, true), "role");
      assertInvalid(new Primitives("alice", company, List.of(), ok, true), "role");
      assertInvalid(
          new Primitives(
              "alice",
              company,
              List.of("visitor"),
              List.of(new ConnectionPrimitives("c 1", "node-1", 0L)),
              true),
          "connectionId");
      assertInvalid(
          new Primitives(
              "alice",
              company,
              List.of("visitor"),
              List.of(new ConnectionPrimitives("c1", "node 1", 0L)),
              true),
          "nodeId");
      // two connections with one id: the aggregate can never hold that, so it is refused
      assertInvalid(
          new Primitives(
              "alice",
              company,
              List.of("visitor"),
              List.of(
                  new ConnectionPrimitives("c1", "node-1", 0L),
                  new ConnectionPrimitives("c1", "node-2", 5L)),
              true),
          "connectionId");
      assertThatThrownBy(() -> ConnectionUser.fromPrimitives(null))
          .isInstanceOf(NullPointerException.class);
    }

    private void assertInvalid(Primitives p, String field) {
      assertThatThrownBy(() -> ConnectionUser.fromPrimitives(p))
          .isInstanceOf(DomainException.class)
          .hasMessageContaining(field);
    }
  }

  @Test
  void eventsOfOneChangeHaveDistinctIdsAndBelongToTheUsersCompany() {
    Change change = commercial().connect(conn(C1, NODE_1, 0)).value();
    assertThat(change.events()).extracting(DomainEvent::eventId).doesNotHaveDuplicates();
    assertThat(change.events()).extracting(DomainEvent::companyId).containsOnly(ACME);
    assertThat(change.events()).extracting(DomainEvent::aggregateId).containsOnly("alice");
    assertThatThrownBy(() -> change.events().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void connectionsViewIsUnmodifiable() {
    ConnectionUser user = visitor().connect(conn(C1, NODE_1, 0)).value().user();
    assertThatThrownBy(() -> user.connections().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
