package io.realtimekit.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Connection;
import io.realtimekit.domain.ConnectionId;
import io.realtimekit.domain.ConnectionUser;
import io.realtimekit.domain.Criteria;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The part of {@link ConnectionRepositoryContract} about races: {@link
 * io.realtimekit.domain.ConnectionRepository#removeIfDisconnected} (atomic: one caller of several
 * gets the user), and concurrent saves and removes of many users, after which every index agrees
 * with the final state.
 */
abstract class ConnectionRepositoryRaces extends ConnectionRepositoryFixture {

  // ---------------------------------------------------------------- removeIfDisconnected

  @Test
  void removeIfDisconnectedRemovesAUserWithoutConnectionAndReturnsItsState() {
    ConnectionUser alice = online("alice", companyA, Role.VISITOR);
    ConnectionUser gone = alice.disconnect(onlyConnection(alice), T0.plusSeconds(1)).value().user();
    save(gone);

    assertThat(repo.removeIfDisconnected(gone.userId())).contains(gone);
    awaitConsistency();
    assertThat(repo.findOne(Criteria.byUserId(gone.userId()))).isEmpty();
    assertThat(repo.find(Criteria.inCompany(companyA))).isEmpty();
    assertThat(repo.removeIfDisconnected(gone.userId())).isEmpty();
  }

  @Test
  void removeIfDisconnectedKeepsAConnectedUser() {
    ConnectionUser bob = online("bob", companyA, Role.COMMERCIAL);
    save(bob);

    assertThat(repo.removeIfDisconnected(bob.userId())).isEmpty();
    assertThat(repo.removeIfDisconnected(uid("nobody"))).isEmpty();
    awaitConsistency();
    assertThat(repo.findOne(Criteria.byUserId(bob.userId()))).contains(bob);
  }

  @Test
  @Timeout(30)
  void concurrentRemoveIfDisconnectedGivesTheUserToOneCallerOnly() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      for (int round = 0; round < 20; round++) {
        ConnectionUser u = online("racer" + round, companyA, Role.VISITOR);
        save(u.disconnect(onlyConnection(u), T0.plusSeconds(1)).value().user());
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Optional<ConnectionUser>>> results = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          results.add(
              pool.submit(
                  () -> {
                    go.await();
                    return repo.removeIfDisconnected(u.userId());
                  }));
        }
        go.countDown();
        int winners = 0;
        for (Future<Optional<ConnectionUser>> f : results) {
          winners += f.get(10, TimeUnit.SECONDS).isPresent() ? 1 : 0;
        }
        assertThat(winners).as("round %s", round).isEqualTo(1);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  // ---------------------------------------------------------------- concurrency

  @Test
  @Timeout(60)
  void concurrentSavesAndRemovesLeaveIndexesConsistentWithTheFinalState() throws Exception {
    int users = 1_000;
    int threads = 8;
    List<CompanyId> companies = List.of(companyA, companyB, CompanyId.of(UUID.randomUUID()));
    Map<UserId, ConnectionUser> finalState = new ConcurrentHashMap<>();
    Set<ConnectionId> everySocket = ConcurrentHashMap.newKeySet();
    CountDownLatch start = new CountDownLatch(1);

    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Callable<Void>> tasks = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        tasks.add(
            () -> {
              start.await();
              // each user is written by one thread only (the application serialises per user);
              // the users of one company and role are spread over every thread
              for (int i = thread; i < users; i += threads) {
                runUserLifecycle(i, companies, finalState, everySocket);
              }
              return null;
            });
      }
      List<Future<Void>> futures = new ArrayList<>();
      for (Callable<Void> task : tasks) {
        futures.add(pool.submit(task));
      }
      start.countDown();
      for (Future<Void> f : futures) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
    awaitConsistency();

    Set<ConnectionUser> expectedAll = new HashSet<>(finalState.values());
    assertThat(new HashSet<>(repo.find(Criteria.any()))).isEqualTo(expectedAll);
    for (int i = 0; i < users; i++) {
      UserId id = lifecycleUserId(i);
      assertThat(repo.findOne(Criteria.byUserId(id)))
          .isEqualTo(Optional.ofNullable(finalState.get(id)));
    }
    Set<ConnectionId> liveSockets = new HashSet<>();
    for (ConnectionUser u : finalState.values()) {
      for (Connection c : u.connections()) {
        liveSockets.add(c.id());
        assertThat(repo.findOne(Criteria.byConnectionId(c.id()))).contains(u);
      }
    }
    for (ConnectionId c : everySocket) {
      if (!liveSockets.contains(c)) {
        assertThat(repo.findOne(Criteria.byConnectionId(c))).as("closed socket %s", c).isEmpty();
      }
    }
    for (CompanyId company : companies) {
      assertThat(new HashSet<>(repo.find(Criteria.inCompany(company))))
          .isEqualTo(filter(expectedAll, Criteria.inCompany(company)));
      for (Role role : List.of(Role.VISITOR, Role.COMMERCIAL, Role.ADMIN)) {
        Criteria byRole = Criteria.inCompany(company).withRole(role);
        assertThat(new HashSet<>(repo.find(byRole))).isEqualTo(filter(expectedAll, byRole));
        assertThat(new HashSet<>(repo.find(byRole.connected(true))))
            .isEqualTo(filter(expectedAll, byRole.connected(true)));
      }
    }
    for (Role role : List.of(Role.VISITOR, Role.COMMERCIAL, Role.ADMIN)) {
      Criteria byRole = Criteria.any().withRole(role);
      assertThat(new HashSet<>(repo.find(byRole))).isEqualTo(filter(expectedAll, byRole));
    }
  }

  /**
   * Saves user {@code i} several times (connect, promote, move, disconnect) and removes a share of
   * them, some for good and some to save them again; records the final state.
   */
  private void runUserLifecycle(
      int i,
      List<CompanyId> companies,
      Map<UserId, ConnectionUser> finalState,
      Set<ConnectionId> everySocket) {
    UserId id = lifecycleUserId(i);
    CompanyId company = companies.get(i % companies.size());
    ConnectionId s1 = ConnectionId.random();
    ConnectionId s2 = ConnectionId.random();
    everySocket.add(s1);
    everySocket.add(s2);

    ConnectionUser u = ConnectionUser.create(id, company, Set.of(Role.VISITOR));
    u = u.connect(new Connection(s1, NODE, T0)).value().user();
    repo.save(u);
    u = u.connect(new Connection(s2, NODE, T0.plusSeconds(1))).value().user();
    Set<Role> roles = i % 2 == 0 ? Set.of(Role.COMMERCIAL) : Set.of(Role.VISITOR, Role.ADMIN);
    u = u.updateRoles(roles, T0.plusSeconds(2)).user();
    repo.save(u);
    u = u.disconnect(s1, T0.plusSeconds(3)).value().user();
    if (i % 5 == 0) {
      u = u.disconnect(s2, T0.plusSeconds(4)).value().user();
    }
    repo.save(u);

    if (i % 4 == 0) {
      repo.remove(id);
      return;
    }
    if (i % 7 == 0) {
      repo.remove(id);
      // saved again, moved to another company
      CompanyId moved = companies.get((i + 1) % companies.size());
      ConnectionUser again = ConnectionUser.create(id, moved, roles);
      ConnectionId s3 = ConnectionId.random();
      everySocket.add(s3);
      u = again.connect(new Connection(s3, NODE, T0.plusSeconds(5))).value().user();
      repo.save(u);
    }
    finalState.put(id, u);
  }

  private UserId lifecycleUserId(int i) {
    return uid("load-" + i);
  }
}
