package io.realtimekit.redis;

import io.realtimekit.application.port.NodeLeases;
import io.realtimekit.testkit.contract.NodeLeasesContract;
import java.util.UUID;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The core's lease contract against a real Redis; each test gets its own key prefix. */
class RedisNodeLeasesTest extends NodeLeasesContract {
  @RegisterExtension static final RedisConnectionExtension redis = new RedisConnectionExtension();

  @Override
  protected NodeLeases newLeases() {
    return new RedisNodeLeases(redis.connection().sync(), "t" + UUID.randomUUID() + ":");
  }
}
