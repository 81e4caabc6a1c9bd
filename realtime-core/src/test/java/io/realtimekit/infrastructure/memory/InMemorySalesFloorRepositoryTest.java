package io.realtimekit.infrastructure.memory;

import io.realtimekit.domain.assignment.SalesFloorRepository;
import io.realtimekit.domain.assignment.SalesFloorRepositoryContract;

/**
 * The sales floor contract against the in-memory repository. Every assertion lives in {@link
 * SalesFloorRepositoryContract}; this class only supplies the implementation under test.
 */
class InMemorySalesFloorRepositoryTest extends SalesFloorRepositoryContract {
  @Override
  protected SalesFloorRepository newRepository() {
    return new InMemorySalesFloorRepository();
  }
}
