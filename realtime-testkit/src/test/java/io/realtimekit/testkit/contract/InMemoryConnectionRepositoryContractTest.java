package io.realtimekit.testkit.contract;

import io.realtimekit.domain.ConnectionRepository;
import io.realtimekit.infrastructure.memory.InMemoryConnectionRepository;

/**
 * The connection repository contract against the core's in-memory repository. It runs here, not in
 * the core, because the test kit depends on the core.
 */
class InMemoryConnectionRepositoryContractTest extends ConnectionRepositoryContract {
  @Override
  protected ConnectionRepository newRepository() {
    return new InMemoryConnectionRepository();
  }
}
