package io.realtimekit.application;

import io.realtimekit.application.bus.CommandBus;
import io.realtimekit.application.bus.EventBus;
import io.realtimekit.application.bus.QueryBus;
import io.realtimekit.application.clientevent.ClientEventRouter;
import io.realtimekit.application.port.DeliveryPort;
import io.realtimekit.application.port.JsonEncoder;
import io.realtimekit.domain.ConnectionRepository;
import java.time.Clock;
import java.util.Objects;

/**
 * What every feature's {@code install} needs of the node it joins: the buses and the client-event
 * router it registers on, the repository, the delivery port, the JSON encoder and the clock.
 *
 * @param repository where users live
 * @param commands the command bus
 * @param queries the query bus
 * @param events the event bus
 * @param router routes client events
 * @param delivery reaches sockets
 * @param json serialises payloads
 * @param clock the time source
 */
public record FeatureContext(
    ConnectionRepository repository,
    CommandBus commands,
    QueryBus queries,
    EventBus events,
    ClientEventRouter router,
    DeliveryPort delivery,
    JsonEncoder json,
    Clock clock) {
  /** Requires everything. */
  public FeatureContext {
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(commands, "commands");
    Objects.requireNonNull(queries, "queries");
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(router, "router");
    Objects.requireNonNull(delivery, "delivery");
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(clock, "clock");
  }
}
