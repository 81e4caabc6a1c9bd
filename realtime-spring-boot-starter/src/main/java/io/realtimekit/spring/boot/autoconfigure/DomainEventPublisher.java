package io.realtimekit.spring.boot.autoconfigure;

import io.realtimekit.Realtime;
import io.realtimekit.application.bus.Registration;
import io.realtimekit.domain.event.DomainEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Publishes every domain event of the Realtime ({@code UserConnected}, {@code ChatMessageSent},
 * {@code VisitorAssigned}...) as a Spring application event, so {@code @EventListener void
 * on(UserConnected e)} works. Listeners run on the thread that raised the event (a socket's or a
 * timer's), as subscribers of {@code realtime.subscribe} do: keep them short, or make them
 * {@code @Async}. A listener that throws is logged; the Realtime goes on.
 */
public final class DomainEventPublisher implements DisposableBean {
  private static final Logger log = LoggerFactory.getLogger(DomainEventPublisher.class);

  private final Registration registration;

  /** Subscribes to every domain event of {@code realtime}. */
  public DomainEventPublisher(Realtime realtime, ApplicationEventPublisher publisher) {
    this.registration =
        realtime.subscribe(
            DomainEvent.class,
            event -> {
              try {
                publisher.publishEvent(event);
              } catch (RuntimeException e) {
                log.warn(
                    "an application listener of {} failed", event.getClass().getSimpleName(), e);
              }
            });
  }

  /** Unsubscribes. */
  @Override
  public void destroy() {
    registration.close();
  }
}
