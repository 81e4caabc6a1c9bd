package io.realtimekit.application.bus;

import io.realtimekit.domain.event.DomainEvent;

/**
 * Reacts to one type of domain event. Runs on the thread that published the event unless the
 * subscription was given an executor: keep it short and non-blocking, or subscribe with one.
 *
 * @param <E> the event type
 */
@FunctionalInterface
public interface EventHandler<E extends DomainEvent> {

  /** Reacts to {@code event}. An exception is logged and does not stop the other handlers. */
  void on(E event);
}
