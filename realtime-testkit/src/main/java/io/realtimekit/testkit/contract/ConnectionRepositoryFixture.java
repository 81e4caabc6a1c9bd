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
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every part of {@link ConnectionRepositoryContract} shares: the repository under test (made
 * fresh before each test by the subclass's {@link #newRepository()}), two random companies, a run
 * id that makes each test's user ids unique, and the builders of users and criteria checks.
 */
abstract class ConnectionRepositoryFixture {

  static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
  static final NodeId NODE = NodeId.of("node-1");

  /** A new, empty repository; called before each test. */
  protected abstract ConnectionRepository newRepository();

  /**
   * Blocks until every write made so far is visible to reads. A no-op for a synchronous store;
   * override it, with a bounded wait, for one that indexes asynchronously.
   */
  protected void awaitConsistency() {}

  ConnectionRepository repo;
  CompanyId companyA;
  CompanyId companyB;
  String run;

  @BeforeEach
  void setUpRepository() {
    repo = newRepository();
    companyA = CompanyId.of(UUID.randomUUID());
    companyB = CompanyId.of(UUID.randomUUID());
    run = UUID.randomUUID().toString().substring(0, 8);
  }

  void save(ConnectionUser... users) {
    for (ConnectionUser u : users) {
      repo.save(u);
    }
    awaitConsistency();
  }

  UserId uid(String name) {
    return UserId.of(name + "-" + run);
  }

  ConnectionUser online(String name, CompanyId company, Role... roles) {
    ConnectionUser user = ConnectionUser.create(uid(name), company, Set.of(roles));
    return user.connect(new Connection(ConnectionId.random(), NODE, T0)).value().user();
  }

  static ConnectionId onlyConnection(ConnectionUser user) {
    assertThat(user.connections()).hasSize(1);
    return user.connections().iterator().next().id();
  }

  static Set<UserId> ids(List<ConnectionUser> users) {
    return users.stream().map(ConnectionUser::userId).collect(Collectors.toSet());
  }

  static Set<ConnectionUser> filter(Set<ConnectionUser> users, Criteria criteria) {
    return users.stream().filter(criteria::matches).collect(Collectors.toSet());
  }
}
