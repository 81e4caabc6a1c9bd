package io.realtimekit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.cluster.SlotHash;
import io.realtimekit.application.port.ChannelRegistry;
import io.realtimekit.application.port.DeliveredMessages;
import io.realtimekit.application.port.DeliveryPort;
import io.realtimekit.application.port.InboxLimits;
import io.realtimekit.application.port.NodeLeases;
import io.realtimekit.application.port.OfflineInbox;
import io.realtimekit.application.port.OfflineInboxContract;
import io.realtimekit.application.port.StreamLimits;
import io.realtimekit.application.port.UserEventStreams;
import io.realtimekit.application.port.UserEventStreamsContract;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.ConnectionRepository;
import io.realtimekit.domain.NodeId;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import io.realtimekit.domain.assignment.SalesFloorRepository;
import io.realtimekit.domain.conversation.ConversationRepository;
import io.realtimekit.domain.conversation.ConversationRepositoryContract;
import io.realtimekit.testing.ManualScheduler;
import io.realtimekit.testkit.contract.ConnectionRepositoryContract;
import io.realtimekit.testkit.contract.DeliveredMessagesContract;
import io.realtimekit.testkit.contract.DeliveryPortContract;
import io.realtimekit.testkit.contract.NodeLeasesContract;
import io.realtimekit.testkit.contract.SalesFloorRepositoryContract;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The same contract suites as the standalone Redis tests, on a real Redis Cluster of 3 masters (one
 * for the whole class): every script and multi-key command must stay in one slot (a {@code
 * CROSSSLOT} error would fail them), and cross-node delivery goes over sharded pub/sub.
 */
class RedisClusterContractsTest {
  @RegisterExtension static final RedisClusterExtension redis = new RedisClusterExtension();

  static String prefix() {
    return "t" + UUID.randomUUID().toString().substring(0, 8) + ":";
  }

  @Test
  void theRegistryIsOneSlotAndTheOtherKeysSpreadOverTheMasters() {
    Keys keys = new Keys(prefix());
    CompanyId c = CompanyId.of(UUID.randomUUID());
    int registry = SlotHash.getSlot(keys.user(UserId.of("u1")));
    for (String k :
        List.of(
            keys.user(UserId.of("u2")),
            keys.connections(),
            keys.company(c),
            keys.companyRole(c, Role.COMMERCIAL),
            keys.role(Role.VISITOR),
            keys.all(),
            keys.nodeUsers(NodeId.of("n1")),
            keys.lease(NodeId.of("n1")),
            keys.nodes(),
            keys.sweep(NodeId.of("n1")))) {
      assertThat(SlotHash.getSlot(k)).as(k).isEqualTo(registry);
    }
    assertThat(SlotHash.getSlot(keys.streamMeta(c, UserId.of("u1"))))
        .isEqualTo(SlotHash.getSlot(keys.streamEvents(c, UserId.of("u1"))));
    long masters =
        java.util.stream.IntStream.range(0, 50)
            .mapToObj(i -> keys.streamMeta(c, UserId.of("u" + i)))
            .map(redis.cluster()::masterOf)
            .distinct()
            .count();
    assertThat(masters).as("users' streams over the masters").isEqualTo(3);
  }

  @Nested
  class Repository extends ConnectionRepositoryContract {
    @Override
    protected ConnectionRepository newRepository() {
      return new RedisConnectionRepository(redis.access(), prefix(), NodeId.of("node-1"));
    }
  }

  @Nested
  class SalesFloors extends SalesFloorRepositoryContract {
    final String prefix = prefix();

    @Override
    protected SalesFloorRepository newRepository() {
      return new RedisSalesFloorRepository(redis.access(), prefix);
    }

    @Override
    protected SalesFloorRepository newSecondView(SalesFloorRepository firstView) {
      return new RedisSalesFloorRepository(redis.secondAccess(), prefix);
    }
  }

  @Nested
  class Conversations extends ConversationRepositoryContract {
    final String prefix = prefix();

    @Override
    protected ConversationRepository newRepository() {
      return new RedisConversationRepository(redis.access(), prefix);
    }

    @Override
    protected ConversationRepository newSecondView(ConversationRepository firstView) {
      return new RedisConversationRepository(redis.secondAccess(), prefix);
    }
  }

  @Nested
  class Delivered extends DeliveredMessagesContract {
    @Override
    protected DeliveredMessages newStore() {
      return new RedisDeliveredMessages(redis.access(), new Keys(prefix()), Duration.ofMinutes(5));
    }
  }

  @Nested
  class Leases extends NodeLeasesContract {
    @Override
    protected NodeLeases newLeases() {
      return new RedisNodeLeases(redis.access().sync(), prefix());
    }
  }

  @Nested
  class Delivery extends DeliveryPortContract {
    @Override
    protected DeliveryPort newDelivery(ChannelRegistry registry) {
      return new RedisDelivery(
          registry, redis.access().sync(), redis.pubsub(), new Keys(prefix()), NodeId.of("node-1"));
    }
  }

  @Nested
  class Streams extends UserEventStreamsContract {
    final String prefix = prefix();

    @Override
    protected UserEventStreams newStreams(StreamLimits limits, ManualScheduler clock) {
      return new RedisUserEventStreams(
          redis.access(),
          new Keys(prefix),
          limits,
          clock,
          RedisUserEventStreams.DEFAULT_IDLE_RETENTION);
    }

    @Override
    protected UserEventStreams loseHistory(
        UserEventStreams streams, StreamLimits limits, ManualScheduler clock) {
      redis.cluster().flushAll();
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .ignoreExceptions()
          .until(() -> "PONG".equals(redis.access().sync().ping()));
      return streams;
    }
  }

  @Nested
  class Inboxes extends OfflineInboxContract {
    final String prefix = prefix();

    @Override
    protected OfflineInbox newInbox(InboxLimits limits, ManualScheduler clock) {
      return new RedisOfflineInbox(redis.access(), new Keys(prefix), limits, clock);
    }
  }
}
