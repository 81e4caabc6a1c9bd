package io.realtimekit.infrastructure.memory;

import io.realtimekit.application.port.NodeLeases;
import io.realtimekit.application.port.NodeLeasesContract;

/** The in-memory lease store passes the contract every lease store must pass. */
class InMemoryNodeLeasesTest extends NodeLeasesContract {
  @Override
  protected NodeLeases newLeases() {
    return new InMemoryNodeLeases();
  }
}
