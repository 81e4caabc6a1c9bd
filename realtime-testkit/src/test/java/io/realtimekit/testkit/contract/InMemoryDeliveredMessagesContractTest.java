package io.realtimekit.testkit.contract;

import io.realtimekit.application.port.DeliveredMessages;
import io.realtimekit.infrastructure.memory.InMemoryDeliveredMessages;

/** The delivered-messages contract against the in-memory store. */
class InMemoryDeliveredMessagesContractTest extends DeliveredMessagesContract {
  @Override
  protected DeliveredMessages newStore() {
    return new InMemoryDeliveredMessages();
  }
}
