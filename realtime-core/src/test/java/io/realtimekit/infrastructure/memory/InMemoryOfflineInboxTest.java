package io.realtimekit.infrastructure.memory;

import io.realtimekit.application.port.InboxLimits;
import io.realtimekit.application.port.OfflineInbox;
import io.realtimekit.application.port.OfflineInboxContract;
import io.realtimekit.testing.ManualScheduler;

/** The offline inbox contract on the in-memory store. */
class InMemoryOfflineInboxTest extends OfflineInboxContract {

  @Override
  protected OfflineInbox newInbox(InboxLimits limits, ManualScheduler clock) {
    return new InMemoryOfflineInbox(limits, clock);
  }
}
