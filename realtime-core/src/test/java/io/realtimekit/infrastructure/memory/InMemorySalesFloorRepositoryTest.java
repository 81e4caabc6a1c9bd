package io.realtimekit.infrastructure.memory;

import io.realtimekit.domain.assignment.SalesFloorRepository;
import io.realtimekit.domain.assignment.SalesFloorRepositoryContract;

class InMemorySalesFloorRepositoryTest extends SalesFloorRepositoryContract {
  @Override
  protected SalesFloorRepository newRepository() {
    return new InMemorySalesFloorRepository();
  }
}
