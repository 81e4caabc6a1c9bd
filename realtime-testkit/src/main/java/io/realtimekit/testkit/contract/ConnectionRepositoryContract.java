package io.realtimekit.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Connection;
import io.realtimekit.domain.ConnectionId;
import io.realtimekit.domain.ConnectionRepository;
import io.realtimekit.domain.ConnectionUser;
import io.realtimekit.domain.Criteria;
import io.realtimekit.domain.NodeId;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link ConnectionRepository} must pass: the in-memory one, the Redis one, and
 * any a host application writes against its own store. Extend it, return a fresh, empty repository
 * from {@link #newRepository()}, and (for a store that applies writes asynchronously) override
 * {@link #awaitConsistency()}.
 *
 * <p>{@link ConnectionRepository#removeIfDisconnected} is checked under races: a repository that
 * keeps the non-atomic default fails that test, and is then only fit for a single node.
 *
 * <p>Ids are random per test, so a store shared between tests only needs to be emptied for the
 * tests that list every user ({@link Criteria#any()}).
 *
 * <p>In module {@code realtime-testkit}; your project supplies JUnit Jupiter (5.10+ or 6).
 *
 * <p>Its tests are declared in this class (lookups, removal and replacement, tenant isolation,
 * results) and inherited from package-private parts (the races of {@code removeIfDisconnected} and
 * of concurrent writers); the repository hooks below are declared in the shared fixture.
 */
public abstract class ConnectionRepositoryContract extends ConnectionRepositoryRaces {

  // ---------------------------------------------------------------- lookups by key

  @Test
  void savedUserIsFoundByUserId() {
    ConnectionUser alice = online("alice", companyA, Role.VISITOR);
    save(alice);

    assertThat(repo.findOne(Criteria.byUserId(alice.userId()))).contains(alice);
    assertThat(repo.find(Criteria.byUserId(alice.userId()))).containsExactly(alice);
    assertThat(repo.findOne(Criteria.byUserId(UserId.of("nobody-" + UUID.randomUUID())))).isEmpty();
  }

  @Test
  void userIsFoundByConnectionIdUntilThatConnectionIsClosedAndSaved() {
    ConnectionUser alice = online("alice", companyA, Role.VISITOR);
    ConnectionId socket = onlyConnection(alice);
    save(alice);

    assertThat(repo.findOne(Criteria.byConnectionId(socket))).contains(alice);

    ConnectionUser closed = alice.disconnect(socket, T0.plusSeconds(1)).value().user();
    save(closed);

    assertThat(repo.findOne(Criteria.byConnectionId(socket))).isEmpty();
    assertThat(repo.find(Criteria.byConnectionId(socket))).isEmpty();
    assertThat(repo.findOne(Criteria.byUserId(alice.userId()))).contains(closed);
  }

  @Test
  void theUsersConnectedOnANodeAreFoundUntilTheirLastSocketThereIsClosed() {
    ConnectionUser alice = online("alice", companyA, Role.VISITOR);
    ConnectionUser bob = online("bob", companyB, Role.COMMERCIAL);
    ConnectionUser carol = ConnectionUser.create(uid("carol"), companyA, Set.of(Role.VISITOR));
    save(alice);
    save(bob);
    save(carol);

    assertThat(repo.findConnectedOn(NODE)).contains(alice, bob).doesNotContain(carol);
    assertThat(repo.findConnectedOn(NodeId.of("node-elsewhere-" + run))).isEmpty();

    save(alice.disconnect(onlyConnection(alice), T0.plusSeconds(1)).value().user());
    assertThat(repo.findConnectedOn(NODE))
        .contains(bob)
        .noneMatch(u -> u.userId().equals(alice.userId()));
  }

  @Test
  void everyConnectionOfAUserLeadsToThatUser() {
    ConnectionUser bob = ConnectionUser.create(uid("bob"), companyA, Set.of(Role.COMMERCIAL));
    List<ConnectionId> sockets = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ConnectionId c = ConnectionId.random();
      sockets.add(c);
      bob = bob.connect(new Connection(c, NODE, T0.plusSeconds(i))).value().user();
    }
    save(bob);

    for (ConnectionId c : sockets) {
      assertThat(repo.findOne(Criteria.byConnectionId(c))).contains(bob);
    }
    assertThat(repo.find(Criteria.inCompany(companyA))).containsExactly(bob);

    ConnectionUser lessOne = bob.disconnect(sockets.get(1), T0.plusSeconds(9)).value().user();
    save(lessOne);

    assertThat(repo.findOne(Criteria.byConnectionId(sockets.get(0)))).contains(lessOne);
    assertThat(repo.findOne(Criteria.byConnectionId(sockets.get(1)))).isEmpty();
    assertThat(repo.findOne(Criteria.byConnectionId(sockets.get(2)))).contains(lessOne);
  }

  @Test
  void usersAreFoundByCompany() {
    ConnectionUser a1 = online("a1", companyA, Role.VISITOR);
    ConnectionUser a2 = online("a2", companyA, Role.COMMERCIAL);
    ConnectionUser b1 = online("b1", companyB, Role.VISITOR);
    save(a1, a2, b1);

    assertThat(repo.find(Criteria.inCompany(companyA))).containsExactlyInAnyOrder(a1, a2);
    assertThat(repo.find(Criteria.inCompany(companyB))).containsExactly(b1);
    assertThat(repo.find(Criteria.inCompany(CompanyId.of(UUID.randomUUID())))).isEmpty();
  }

  @Test
  void usersAreFoundByCompanyAndRole() {
    ConnectionUser visitor = online("visitor", companyA, Role.VISITOR);
    ConnectionUser agent = online("agent", companyA, Role.COMMERCIAL);
    ConnectionUser boss = online("boss", companyA, Role.COMMERCIAL, Role.ADMIN);
    save(visitor, agent, boss);

    assertThat(repo.find(Criteria.inCompany(companyA).withRole(Role.COMMERCIAL)))
        .containsExactlyInAnyOrder(agent, boss);
    assertThat(repo.find(Criteria.inCompany(companyA).withRole(Role.ADMIN))).containsExactly(boss);
    assertThat(repo.find(Criteria.inCompany(companyA).withRole(Role.VISITOR)))
        .containsExactly(visitor);
    assertThat(repo.find(Criteria.inCompany(companyA).withRole(Role.of("supervisor")))).isEmpty();
    assertThat(repo.findOne(Criteria.inCompany(companyA).withRole(Role.ADMIN))).contains(boss);
  }

  @Test
  void usersAreFoundByRoleAcrossCompanies() {
    ConnectionUser agentA = online("agent-a", companyA, Role.COMMERCIAL);
    ConnectionUser agentB = online("agent-b", companyB, Role.COMMERCIAL);
    ConnectionUser visitor = online("visitor", companyA, Role.VISITOR);
    save(agentA, agentB, visitor);

    assertThat(repo.find(Criteria.any().withRole(Role.COMMERCIAL)))
        .containsExactlyInAnyOrder(agentA, agentB);
  }

  @Test
  void roleChangeMovesTheUserBetweenRoleResults() {
    ConnectionUser user = online("carol", companyA, Role.VISITOR);
    save(user);
    assertThat(repo.find(Criteria.inCompany(companyA).withRole(Role.VISITOR)))
        .containsExactly(user);

    ConnectionUser promoted = user.updateRoles(Set.of(Role.COMMERCIAL), T0.plusSeconds(5)).user();
    save(promoted);

    assertThat(repo.find(Criteria.inCompany(companyA).withRole(Role.VISITOR))).isEmpty();
    assertThat(repo.find(Criteria.any().withRole(Role.VISITOR))).isEmpty();
    assertThat(repo.find(Criteria.inCompany(companyA).withRole(Role.COMMERCIAL)))
        .containsExactly(promoted);
    assertThat(repo.find(Criteria.any().withRole(Role.COMMERCIAL))).containsExactly(promoted);
  }

  @Test
  void connectedFiltersOnLiveConnections() {
    ConnectionUser on = online("on", companyA, Role.COMMERCIAL);
    ConnectionUser never = ConnectionUser.create(uid("never"), companyA, Set.of(Role.COMMERCIAL));
    ConnectionUser gone = online("gone", companyA, Role.COMMERCIAL);
    gone = gone.disconnect(onlyConnection(gone), T0.plusSeconds(1)).value().user();
    save(on, never, gone);

    Criteria agents = Criteria.inCompany(companyA).withRole(Role.COMMERCIAL);
    assertThat(repo.find(agents.connected(true))).containsExactly(on);
    assertThat(repo.find(agents.connected(false))).containsExactlyInAnyOrder(never, gone);
    assertThat(repo.find(Criteria.any().connected(true))).containsExactly(on);
    assertThat(repo.find(Criteria.byUserId(on.userId()).connected(false))).isEmpty();
  }

  // ---------------------------------------------------------------- remove, replace

  @Test
  void removeClearsEveryIndex() {
    ConnectionUser user = online("dave", companyA, Role.COMMERCIAL, Role.ADMIN);
    ConnectionId socket = onlyConnection(user);
    save(user);

    repo.remove(user.userId());
    awaitConsistency();

    assertThat(repo.findOne(Criteria.byUserId(user.userId()))).isEmpty();
    assertThat(repo.findOne(Criteria.byConnectionId(socket))).isEmpty();
    assertThat(repo.find(Criteria.inCompany(companyA))).isEmpty();
    assertThat(repo.find(Criteria.inCompany(companyA).withRole(Role.COMMERCIAL))).isEmpty();
    assertThat(repo.find(Criteria.inCompany(companyA).withRole(Role.ADMIN))).isEmpty();
    assertThat(repo.find(Criteria.any().withRole(Role.COMMERCIAL))).isEmpty();
    assertThat(repo.find(Criteria.any().connected(true))).isEmpty();
    assertThat(repo.find(Criteria.any())).isEmpty();
  }

  @Test
  void removingAnUnknownUserDoesNothing() {
    ConnectionUser user = online("erin", companyA, Role.VISITOR);
    save(user);

    repo.remove(uid("ghost"));
    repo.remove(user.userId());
    repo.remove(user.userId());
    awaitConsistency();

    assertThat(repo.find(Criteria.any())).isEmpty();
  }

  @Test
  void lastSaveWinsAndReplacesEveryIndexEntry() {
    ConnectionUser first = online("frank", companyA, Role.VISITOR);
    ConnectionId firstSocket = onlyConnection(first);
    save(first);

    // same user id, another company, another role, another socket
    ConnectionUser second = online("frank", companyB, Role.COMMERCIAL);
    ConnectionId secondSocket = onlyConnection(second);
    assertThat(second.userId()).isEqualTo(first.userId());
    save(second);

    assertThat(repo.find(Criteria.byUserId(first.userId()))).containsExactly(second);
    assertThat(repo.find(Criteria.any())).containsExactly(second);
    assertThat(repo.findOne(Criteria.byConnectionId(firstSocket))).isEmpty();
    assertThat(repo.findOne(Criteria.byConnectionId(secondSocket))).contains(second);
    assertThat(repo.find(Criteria.inCompany(companyA))).isEmpty();
    assertThat(repo.find(Criteria.inCompany(companyB))).containsExactly(second);
    assertThat(repo.find(Criteria.any().withRole(Role.VISITOR))).isEmpty();
    assertThat(repo.find(Criteria.inCompany(companyB).withRole(Role.COMMERCIAL)))
        .containsExactly(second);
  }

  // ---------------------------------------------------------------- tenant isolation

  @Test
  void companiesNeverSeeEachOthersUsers() {
    Map<CompanyId, Set<UserId>> expected = new HashMap<>();
    for (CompanyId company : List.of(companyA, companyB)) {
      for (int i = 0; i < 5; i++) {
        // the same role mix in both companies, so only the company tells them apart
        String name = (company.equals(companyA) ? "a" : "b") + i;
        ConnectionUser u = online(name, company, i % 2 == 0 ? Role.COMMERCIAL : Role.VISITOR);
        save(u);
        expected.computeIfAbsent(company, c -> new HashSet<>()).add(u.userId());
      }
    }

    for (CompanyId company : List.of(companyA, companyB)) {
      CompanyId other = company.equals(companyA) ? companyB : companyA;
      for (Criteria criteria :
          List.of(
              Criteria.inCompany(company),
              Criteria.inCompany(company).withRole(Role.COMMERCIAL),
              Criteria.inCompany(company).withRole(Role.VISITOR),
              Criteria.inCompany(company).connected(true))) {
        List<ConnectionUser> found = repo.find(criteria);
        assertThat(found)
            .isNotEmpty()
            .allSatisfy(u -> assertThat(u.companyId()).isEqualTo(company));
        assertThat(ids(found))
            .isSubsetOf(expected.get(company))
            .doesNotContainAnyElementsOf(expected.get(other));
      }
      assertThat(ids(repo.find(Criteria.inCompany(company)))).isEqualTo(expected.get(company));

      // a key of the other company, scoped to this one, finds nothing
      UserId foreignUser = expected.get(other).iterator().next();
      ConnectionUser foreign = repo.findOne(Criteria.byUserId(foreignUser)).orElseThrow();
      assertThat(repo.findOne(Criteria.byUserId(foreignUser).andCompany(company))).isEmpty();
      assertThat(repo.findOne(Criteria.byConnectionId(onlyConnection(foreign)).andCompany(company)))
          .isEmpty();
    }
  }

  // ---------------------------------------------------------------- results

  @Test
  void resultsAreNeverNull() {
    Criteria none = Criteria.inCompany(companyA).withRole(Role.ADMIN);
    assertThat(repo.find(none)).isNotNull().isEmpty();
    assertThat(repo.findOne(none)).isNotNull().isEmpty();
    assertThat(repo.find(Criteria.any())).isNotNull().isEmpty();
    assertThat(repo.findOne(Criteria.byConnectionId(ConnectionId.random()))).isNotNull().isEmpty();
  }

  @Test
  void resultsAreSnapshots() {
    ConnectionUser user = online("gina", companyA, Role.COMMERCIAL);
    save(user);

    List<ConnectionUser> before = repo.find(Criteria.inCompany(companyA));
    Optional<ConnectionUser> one = repo.findOne(Criteria.byUserId(user.userId()));

    ConnectionUser changed = user.updateRoles(Set.of(Role.ADMIN), T0.plusSeconds(1)).user();
    save(changed);
    save(online("henry", companyA, Role.VISITOR));

    assertThat(before).containsExactly(user);
    assertThat(one).contains(user);
    assertThat(one.orElseThrow().roles()).containsExactly(Role.COMMERCIAL);

    repo.remove(user.userId());
    awaitConsistency();
    assertThat(before).containsExactly(user);

    // changing a returned list, where allowed, does not change the repository
    List<ConnectionUser> all = repo.find(Criteria.any());
    try {
      all.clear();
    } catch (UnsupportedOperationException expected) {
      // an unmodifiable result is fine too
    }
    assertThat(repo.find(Criteria.any())).hasSize(1);
  }

  @Test
  void emptyCriteriaReturnsEveryUser() {
    ConnectionUser a = online("a", companyA, Role.VISITOR);
    ConnectionUser b = ConnectionUser.create(uid("b"), companyB, Set.of(Role.ADMIN));
    ConnectionUser c = online("c", companyB, Role.COMMERCIAL);
    save(a, b, c);

    assertThat(repo.find(Criteria.any())).containsExactlyInAnyOrder(a, b, c);
    assertThat(repo.findOne(Criteria.any())).isPresent().get().isIn(a, b, c);
  }

  @Test
  void findOneReturnsAMatchWhenSeveralMatch() {
    ConnectionUser a = online("a", companyA, Role.COMMERCIAL);
    ConnectionUser b = online("b", companyA, Role.COMMERCIAL);
    save(a, b, online("v", companyA, Role.VISITOR));

    assertThat(repo.findOne(Criteria.inCompany(companyA).withRole(Role.COMMERCIAL)))
        .isPresent()
        .get()
        .isIn(a, b);
  }
}
