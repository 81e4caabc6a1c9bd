package io.realtimekit.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtimekit.application.port.ChannelRegistry;
import io.realtimekit.application.port.ClientChannel;
import io.realtimekit.application.port.CloseReason;
import io.realtimekit.application.port.DeliveryPort;
import io.realtimekit.application.port.OutboundEvent;
import io.realtimekit.application.port.StreamPosition;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.ConnectionId;
import io.realtimekit.domain.NodeId;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import io.realtimekit.infrastructure.local.LocalChannelRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link DeliveryPort} must pass on one node: the local one, the Redis one, and
 * any a host application writes. Extend it and build the port over the given registry of this
 * node's sockets in {@link #newDelivery(ChannelRegistry)}.
 *
 * <p>What it checks: each method reaches exactly the sockets it targets, never a socket of another
 * company whatever the user id; the counts returned are the sockets reached (0 for a user connected
 * nowhere); presence diffs follow the visitor visibility rule; {@code closeUser} closes with the
 * reason given. Cross-node delivery is the cluster engine's own test.
 */
public abstract class DeliveryPortContract {

  /** A delivery port over {@code registry}, this node's sockets; called before each test. */
  protected abstract DeliveryPort newDelivery(ChannelRegistry registry);

  private ChannelRegistry registry;
  private DeliveryPort delivery;
  private CompanyId companyA;
  private CompanyId companyB;
  private final OutboundEvent event = OutboundEvent.of("test:event", "{\"n\":1}");

  @BeforeEach
  void setUpDelivery() {
    registry = new LocalChannelRegistry();
    delivery = newDelivery(registry);
    companyA = CompanyId.of(UUID.randomUUID());
    companyB = CompanyId.of(UUID.randomUUID());
  }

  /** A socket that records what it is handed. */
  protected static final class RecordingChannel implements ClientChannel {
    private final ConnectionId id = ConnectionId.random();
    private final UserId userId;
    private final CompanyId companyId;
    private volatile Set<Role> roles;
    private final boolean accepts;
    final List<OutboundEvent> received = new CopyOnWriteArrayList<>();
    final List<CloseReason> closes = new CopyOnWriteArrayList<>();

    RecordingChannel(CompanyId companyId, String userId, Set<Role> roles, boolean accepts) {
      this.companyId = companyId;
      this.userId = UserId.of(userId);
      this.roles = Set.copyOf(roles);
      this.accepts = accepts;
    }

    @Override
    public ConnectionId connectionId() {
      return id;
    }

    @Override
    public UserId userId() {
      return userId;
    }

    @Override
    public CompanyId companyId() {
      return companyId;
    }

    @Override
    public Set<Role> roles() {
      return roles;
    }

    @Override
    public boolean emit(OutboundEvent e) {
      if (!accepts) {
        return false;
      }
      received.add(e);
      return true;
    }

    @Override
    public void rolesChanged(Set<Role> newRoles) {
      roles = Set.copyOf(newRoles);
    }

    @Override
    public void close(CloseReason why, String reason) {
      closes.add(why);
    }
  }

  private RecordingChannel socket(CompanyId company, String user, Role... roles) {
    RecordingChannel c = new RecordingChannel(company, user, Set.of(roles), true);
    registry.add(c);
    return c;
  }

  @Test
  void toUserReachesEverySocketOfThatUserAndNoOther() {
    RecordingChannel tab1 = socket(companyA, "alice", Role.VISITOR);
    RecordingChannel tab2 = socket(companyA, "alice", Role.VISITOR);
    RecordingChannel bob = socket(companyA, "bob", Role.VISITOR);

    assertThat(delivery.toUser(companyA, UserId.of("alice"), event)).isEqualTo(2);

    assertThat(tab1.received).containsExactly(event);
    assertThat(tab2.received).containsExactly(event);
    assertThat(bob.received).isEmpty();
  }

  @Test
  void toUserNeverReachesTheSameUserIdOfAnotherCompany() {
    RecordingChannel other = socket(companyB, "alice", Role.VISITOR);

    assertThat(delivery.toUser(companyA, UserId.of("alice"), event)).isZero();

    assertThat(other.received).isEmpty();
  }

  @Test
  void toUserOfAUserConnectedNowhereReturnsZero() {
    socket(companyA, "alice", Role.VISITOR);

    assertThat(delivery.toUser(companyA, UserId.of("nobody"), event)).isZero();
  }

  @Test
  void toUserWithAHintOfThisNodeStillReachesTheUser() {
    RecordingChannel alice = socket(companyA, "alice", Role.VISITOR);

    assertThat(delivery.toUser(companyA, UserId.of("alice"), Set.of(NodeId.of("node-1")), event))
        .isEqualTo(1);

    assertThat(alice.received).containsExactly(event);
  }

  @Test
  void aSocketThatRefusesTheEventIsNotCounted() {
    RecordingChannel full = new RecordingChannel(companyA, "alice", Set.of(Role.VISITOR), false);
    registry.add(full);
    RecordingChannel open = socket(companyA, "alice", Role.VISITOR);

    assertThat(delivery.toUser(companyA, UserId.of("alice"), event)).isEqualTo(1);

    assertThat(open.received).containsExactly(event);
  }

  @Test
  void toUsersReachesEverySocketOfEachListedUserOfThatCompanyOnce() {
    RecordingChannel aliceTab1 = socket(companyA, "alice", Role.VISITOR);
    RecordingChannel aliceTab2 = socket(companyA, "alice", Role.VISITOR);
    RecordingChannel bob = socket(companyA, "bob", Role.COMMERCIAL);
    RecordingChannel carol = socket(companyA, "carol", Role.COMMERCIAL);
    RecordingChannel bobOfB = socket(companyB, "bob", Role.COMMERCIAL);

    assertThat(
            delivery.toUsers(
                companyA, Set.of(UserId.of("alice"), UserId.of("bob"), UserId.of("nobody")), event))
        .isEqualTo(3);

    assertThat(aliceTab1.received).containsExactly(event);
    assertThat(aliceTab2.received).containsExactly(event);
    assertThat(bob.received).containsExactly(event);
    assertThat(carol.received).isEmpty();
    assertThat(bobOfB.received).isEmpty();
    assertThat(delivery.toUsers(companyA, Set.of(UserId.of("nobody")), event)).isZero();
    assertThat(delivery.toUsers(companyA, Set.of(), event)).isZero();
  }

  @Test
  void toUsersAtHandsEachUsersSocketsTheEventAtThatUsersOwnPosition() {
    RecordingChannel aliceTab1 = socket(companyA, "alice", Role.VISITOR);
    RecordingChannel aliceTab2 = socket(companyA, "alice", Role.VISITOR);
    RecordingChannel bob = socket(companyA, "bob", Role.COMMERCIAL);
    RecordingChannel carol = socket(companyA, "carol", Role.COMMERCIAL);
    RecordingChannel aliceOfB = socket(companyB, "alice", Role.VISITOR);
    StreamPosition atAlice = new StreamPosition("ea", 7);
    StreamPosition atBob = new StreamPosition("eb", 2);
    Map<UserId, StreamPosition> positions = new LinkedHashMap<>();
    positions.put(UserId.of("alice"), atAlice);
    positions.put(UserId.of("bob"), atBob);
    positions.put(UserId.of("nobody"), new StreamPosition("en", 1));

    assertThat(delivery.toUsersAt(companyA, positions, event)).isEqualTo(3);

    assertThat(aliceTab1.received).containsExactly(event.withPosition(atAlice));
    assertThat(aliceTab2.received).containsExactly(event.withPosition(atAlice));
    assertThat(bob.received).containsExactly(event.withPosition(atBob));
    assertThat(carol.received).isEmpty();
    assertThat(aliceOfB.received).isEmpty();
    assertThat(delivery.toUsersAt(companyA, Map.of(), event)).isZero();
  }

  @Test
  void toRoleReachesTheHoldersOfTheRoleInThatCompanyOnly() {
    RecordingChannel agent = socket(companyA, "agent", Role.COMMERCIAL);
    RecordingChannel boss = socket(companyA, "boss", Role.COMMERCIAL, Role.ADMIN);
    RecordingChannel visitor = socket(companyA, "visitor", Role.VISITOR);
    RecordingChannel otherAgent = socket(companyB, "agent", Role.COMMERCIAL);

    assertThat(delivery.toRole(companyA, Role.COMMERCIAL, event)).isEqualTo(2);

    assertThat(agent.received).containsExactly(event);
    assertThat(boss.received).containsExactly(event);
    assertThat(visitor.received).isEmpty();
    assertThat(otherAgent.received).isEmpty();
  }

  @Test
  void toRoleFollowsRolesChangedThroughTheRegistry() {
    RecordingChannel user = socket(companyA, "user", Role.VISITOR);

    registry.updateRoles(companyA, UserId.of("user"), Set.of(Role.COMMERCIAL));

    assertThat(user.roles()).containsExactly(Role.COMMERCIAL);
    assertThat(delivery.toRole(companyA, Role.COMMERCIAL, event)).isEqualTo(1);
    assertThat(delivery.toRole(companyA, Role.VISITOR, event)).isZero();
    assertThat(user.received).containsExactly(event);
  }

  @Test
  void toCompanyReachesEverySocketOfThatCompanyOnly() {
    RecordingChannel a1 = socket(companyA, "a1", Role.VISITOR);
    RecordingChannel a2 = socket(companyA, "a2", Role.COMMERCIAL);
    RecordingChannel b1 = socket(companyB, "b1", Role.VISITOR);

    assertThat(delivery.toCompany(companyA, event)).isEqualTo(2);

    assertThat(a1.received).containsExactly(event);
    assertThat(a2.received).containsExactly(event);
    assertThat(b1.received).isEmpty();
  }

  @Test
  void toConnectionReachesOneSocketOfItsCompanyOnly() {
    RecordingChannel tab1 = socket(companyA, "alice", Role.VISITOR);
    RecordingChannel tab2 = socket(companyA, "alice", Role.VISITOR);

    assertThat(delivery.toConnection(companyA, tab1.connectionId(), event)).isTrue();
    assertThat(delivery.toConnection(companyB, tab2.connectionId(), event)).isFalse();
    assertThat(delivery.toConnection(companyA, ConnectionId.random(), event)).isFalse();

    assertThat(tab1.received).containsExactly(event);
    assertThat(tab2.received).isEmpty();
  }

  @Test
  void presenceDiffsReachOnlyWatchersAndHideVisitorsFromVisitors() {
    RecordingChannel agent = socket(companyA, "agent", Role.COMMERCIAL);
    RecordingChannel otherVisitor = socket(companyA, "other", Role.VISITOR);
    RecordingChannel subject = socket(companyA, "subject", Role.VISITOR);
    RecordingChannel notWatching = socket(companyA, "quiet", Role.COMMERCIAL);
    RecordingChannel otherCompany = socket(companyB, "agent", Role.COMMERCIAL);
    for (RecordingChannel c : List.of(agent, otherVisitor, subject, otherCompany)) {
      delivery.watchPresence(c.connectionId());
    }

    int reached =
        delivery.toPresenceWatchers(companyA, UserId.of("subject"), Set.of(Role.VISITOR), event);

    assertThat(reached).isEqualTo(2);
    assertThat(agent.received).containsExactly(event);
    assertThat(subject.received).as("a visitor sees itself").containsExactly(event);
    assertThat(otherVisitor.received).as("visitors do not see each other").isEmpty();
    assertThat(notWatching.received).isEmpty();
    assertThat(otherCompany.received).isEmpty();
  }

  @Test
  void presenceDiffsOfStaffReachEveryWatcherOfTheCompany() {
    RecordingChannel visitor = socket(companyA, "visitor", Role.VISITOR);
    RecordingChannel agent = socket(companyA, "agent", Role.COMMERCIAL);
    delivery.watchPresence(visitor.connectionId());
    delivery.watchPresence(agent.connectionId());

    int reached =
        delivery.toPresenceWatchers(
            companyA, UserId.of("boss"), Set.of(Role.COMMERCIAL, Role.ADMIN), event);

    assertThat(reached).isEqualTo(2);
    assertThat(visitor.received).containsExactly(event);
    assertThat(agent.received).containsExactly(event);
  }

  @Test
  void aRemovedSocketIsNoLongerAWatcher() {
    RecordingChannel agent = socket(companyA, "agent", Role.COMMERCIAL);
    delivery.watchPresence(agent.connectionId());
    registry.remove(agent);

    assertThat(delivery.toPresenceWatchers(companyA, UserId.of("v"), Set.of(Role.VISITOR), event))
        .isZero();
    assertThat(agent.received).isEmpty();
  }

  @Test
  void closeUserClosesEverySocketOfThatUserWithTheReason() {
    RecordingChannel tab1 = socket(companyA, "alice", Role.VISITOR);
    RecordingChannel tab2 = socket(companyA, "alice", Role.VISITOR);
    RecordingChannel bob = socket(companyA, "bob", Role.VISITOR);
    RecordingChannel otherAlice = socket(companyB, "alice", Role.VISITOR);

    assertThat(delivery.closeUser(companyA, UserId.of("alice"), CloseReason.KICKED, "bye"))
        .isEqualTo(2);

    assertThat(tab1.closes).containsExactly(CloseReason.KICKED);
    assertThat(tab2.closes).containsExactly(CloseReason.KICKED);
    assertThat(bob.closes).isEmpty();
    assertThat(otherAlice.closes).isEmpty();
  }

  @Test
  void closeUserOfAUserConnectedNowhereReturnsZero() {
    assertThat(delivery.closeUser(companyA, UserId.of("nobody"), CloseReason.KICKED, "bye"))
        .isZero();
  }
}
