package io.realtimekit.testkit.contract;

import io.realtimekit.application.port.NodeLeases;
import io.realtimekit.infrastructure.memory.InMemoryNodeLeases;

/** The in-memory lease store passes the contract every lease store must pass. */
class InMemoryNodeLeasesContractTest extends NodeLeasesContract {
  @Override
  protected NodeLeases newLeases() {
    return new InMemoryNodeLeases();
  }
}
