package io.realtimekit.application.bus;

import io.realtimekit.domain.event.DomainEvent;

/** Wraps the publication of every event (logging, metrics, tracing). */
@FunctionalInterface
public interface EventMiddleware {

  /** Publishes {@code event} around {@code next}; not calling {@code next} drops the event. */
  void invoke(DomainEvent event, Runnable next);
}
