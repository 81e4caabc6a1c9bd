package io.realtimekit.testkit.contract;

import io.realtimekit.application.port.ChannelRegistry;
import io.realtimekit.application.port.DeliveryPort;
import io.realtimekit.infrastructure.local.LocalDelivery;

/** The delivery port contract against the single-node delivery. */
class LocalDeliveryContractTest extends DeliveryPortContract {
  @Override
  protected DeliveryPort newDelivery(ChannelRegistry registry) {
    return LocalDelivery.over(registry);
  }
}
