package io.realtimekit.infrastructure.memory;

import io.realtimekit.application.port.DeliveredMessages;
import io.realtimekit.application.port.DeliveredMessagesContract;

/** The delivered-messages contract against the in-memory store. */
class InMemoryDeliveredMessagesContractTest extends DeliveredMessagesContract {
  @Override
  protected DeliveredMessages newStore() {
    return new InMemoryDeliveredMessages();
  }
}
