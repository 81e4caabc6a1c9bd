package io.realtimekit.redis;

import io.realtimekit.domain.ConnectionRepository;
import io.realtimekit.domain.NodeId;
import io.realtimekit.testkit.contract.ConnectionRepositoryContract;
import java.util.UUID;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The core's repository contract against Redis; each test gets its own key prefix. Every assertion
 * lives in {@link ConnectionRepositoryContract}.
 */
class RedisConnectionRepositoryTest extends ConnectionRepositoryContract {
  @RegisterExtension static final RedisConnectionExtension redis = new RedisConnectionExtension();

  @Override
  protected ConnectionRepository newRepository() {
    // the contract's connections are all on node-1: this repository saves for that node
    return new RedisConnectionRepository(
        redis.connection(), "t" + UUID.randomUUID() + ":", NodeId.of("node-1"));
  }
}
