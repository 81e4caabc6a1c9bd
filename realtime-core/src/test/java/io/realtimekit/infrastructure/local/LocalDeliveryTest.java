package io.realtimekit.infrastructure.local;

import io.realtimekit.application.port.ChannelRegistry;
import io.realtimekit.application.port.DeliveryPort;
import io.realtimekit.application.port.DeliveryPortContract;

/** The delivery port contract against the single-node delivery. */
class LocalDeliveryTest extends DeliveryPortContract {
  @Override
  protected DeliveryPort newDelivery(ChannelRegistry registry) {
    return LocalDelivery.over(registry);
  }
}
