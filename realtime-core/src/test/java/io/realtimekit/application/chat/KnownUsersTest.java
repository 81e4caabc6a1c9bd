package io.realtimekit.application.chat;

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
import io.realtimekit.infrastructure.memory.InMemoryConnectionRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class KnownUsersTest {
  final CompanyId company = CompanyId.of(UUID.randomUUID());
  final AtomicLong now = new AtomicLong();
  final AtomicInteger reads = new AtomicInteger();
  final InMemoryConnectionRepository store = new InMemoryConnectionRepository();
  final ConnectionRepository counting =
      new ConnectionRepository() {
        @Override
        public void save(ConnectionUser user) {
          store.save(user);
        }

        @Override
        public void remove(UserId userId) {
          store.remove(userId);
        }

        @Override
        public Optional<ConnectionUser> findOne(Criteria criteria) {
          reads.incrementAndGet();
          return store.findOne(criteria);
        }

        @Override
        public List<ConnectionUser> find(Criteria criteria) {
          return store.find(criteria);
        }
      };

  void online(String user) {
    ConnectionUser u = ConnectionUser.create(UserId.of(user), company, Set.of(Role.VISITOR));
    store.save(
        u.connect(new Connection(ConnectionId.random(), NodeId.of("n1"), Instant.EPOCH))
            .value()
            .user());
  }

  @Test
  void aConnectedUserIsReadOnceWithinTheTtlThenAgain() {
    KnownUsers users = new KnownUsers(counting, Duration.ofSeconds(2), now::get);
    online("v1");
    assertThat(users.connected(UserId.of("v1"))).isPresent();
    assertThat(users.connected(UserId.of("v1"))).isPresent();
    assertThat(reads.get()).isEqualTo(1);
    now.addAndGet(Duration.ofSeconds(2).toNanos());
    assertThat(users.connected(UserId.of("v1"))).isPresent();
    assertThat(reads.get()).isEqualTo(2);
  }

  @Test
  void aUserNotConnectedIsNeverKeptAndForgetForcesARead() {
    KnownUsers users = new KnownUsers(counting, Duration.ofSeconds(2), now::get);
    assertThat(users.connected(UserId.of("ghost"))).isEmpty();
    assertThat(users.connected(UserId.of("ghost"))).isEmpty();
    assertThat(reads.get()).isEqualTo(2);
    online("v1");
    users.connected(UserId.of("v1"));
    users.forget(UserId.of("v1"));
    users.connected(UserId.of("v1"));
    assertThat(reads.get()).isEqualTo(4);
  }

  @Test
  void aZeroTtlReadsEveryTime() {
    KnownUsers users = new KnownUsers(counting, Duration.ZERO, now::get);
    online("v1");
    users.connected(UserId.of("v1"));
    users.connected(UserId.of("v1"));
    assertThat(reads.get()).isEqualTo(2);
  }
}
