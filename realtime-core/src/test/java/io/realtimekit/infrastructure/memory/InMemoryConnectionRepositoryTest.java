package io.realtimekit.infrastructure.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Connection;
import io.realtimekit.domain.ConnectionId;
import io.realtimekit.domain.ConnectionUser;
import io.realtimekit.domain.Criteria;
import io.realtimekit.domain.NodeId;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What only the in-memory repository promises beyond the contract; the contract itself runs on it
 * in realtime-testkit ({@code InMemoryConnectionRepositoryContractTest}), which depends on the
 * core.
 */
class InMemoryConnectionRepositoryTest {

  @Test
  void indexesShrinkBackToEmptyWhenEveryUserIsRemoved() {
    InMemoryConnectionRepository repo = new InMemoryConnectionRepository();
    List<CompanyId> companies =
        List.of(CompanyId.of(UUID.randomUUID()), CompanyId.of(UUID.randomUUID()));
    Instant t0 = Instant.parse("2030-01-01T00:00:00Z");
    List<UserId> ids = new ArrayList<>();

    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 200; i++) {
        UserId id = UserId.of("churn-" + i);
        ids.add(id);
        Set<Role> roles = i % 3 == 0 ? Set.of(Role.COMMERCIAL, Role.ADMIN) : Set.of(Role.VISITOR);
        // each save leaves keys behind (a closed socket, a dropped role, a former company)
        ConnectionUser u = ConnectionUser.create(id, companies.get(i % 2), roles);
        ConnectionId first = ConnectionId.random();
        u = u.connect(new Connection(first, NodeId.of("n1"), t0)).value().user();
        repo.save(u);
        u = u.connect(new Connection(ConnectionId.random(), NodeId.of("n2"), t0)).value().user();
        u = u.disconnect(first, t0).value().user();
        u = u.updateRoles(Set.of(Role.of("supervisor")), t0).user();
        repo.save(u);
        repo.save(
            ConnectionUser.fromPrimitives(
                new ConnectionUser.Primitives(
                    id.value(),
                    companies.get((i + 1) % 2).toString(),
                    List.of("visitor"),
                    u.toPrimitives().connections(),
                    true)));
      }
      assertThat(repo.userCount()).isEqualTo(200);
      assertThat(repo.indexKeyCount()).isPositive();

      for (UserId id : ids) {
        repo.remove(id);
      }
      ids.clear();

      assertThat(repo.userCount()).isZero();
      assertThat(repo.indexKeyCount()).isZero();
      assertThat(repo.find(Criteria.any())).isEmpty();
    }
  }
}
