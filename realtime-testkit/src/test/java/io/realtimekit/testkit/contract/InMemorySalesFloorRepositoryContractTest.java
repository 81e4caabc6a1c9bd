package io.realtimekit.testkit.contract;

import io.realtimekit.domain.assignment.SalesFloorRepository;
import io.realtimekit.infrastructure.memory.InMemorySalesFloorRepository;

/**
 * The sales floor contract against the in-memory repository. Every assertion lives in {@link
 * SalesFloorRepositoryContract}; this class only supplies the implementation under test.
 */
class InMemorySalesFloorRepositoryContractTest extends SalesFloorRepositoryContract {
  @Override
  protected SalesFloorRepository newRepository() {
    return new InMemorySalesFloorRepository();
  }
}
