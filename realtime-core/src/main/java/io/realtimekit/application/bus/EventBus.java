package io.realtimekit.application.bus;

import io.realtimekit.domain.event.DomainEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes domain events to every subscriber of their type (or of a supertype such as {@link
 * DomainEvent} itself). A subscriber that throws is logged and isolated: the others still run.
 * Subscribers run on the publishing thread, in subscription order, unless subscribed with an
 * executor. Thread-safe.
 */
public final class EventBus {
  private static final Logger log = LoggerFactory.getLogger(EventBus.class);

  private final Map<Class<?>, CopyOnWriteArrayList<Subscriber>> byType = new ConcurrentHashMap<>();

  /** Subscribers per concrete event type, valid while {@link #generation} has not moved. */
  private final Map<Class<?>, Resolved> resolved = new ConcurrentHashMap<>();

  /** Moves after every change of {@link #byType}, so a resolution computed before it is stale. */
  private final AtomicLong generation = new AtomicLong();

  private final MiddlewareChain<EventMiddleware> middleware = new MiddlewareChain<>();
  private final AtomicLong sequence = new AtomicLong();

  /** An empty bus. */
  public EventBus() {}

  /**
   * Subscribes {@code handler} to events of {@code type} and its subtypes, on the publishing
   * thread.
   */
  public <E extends DomainEvent> Registration subscribe(
      Class<E> type, EventHandler<? super E> handler) {
    return subscribe(type, handler, null);
  }

  /**
   * Subscribes {@code handler} to events of {@code type} and its subtypes; each event is handed to
   * {@code executor} (for handlers that block, such as a database write).
   */
  public <E extends DomainEvent> Registration subscribe(
      Class<E> type, EventHandler<? super E> handler, Executor executor) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(handler, "handler");
    Subscriber s = new Subscriber(type, handler, executor, sequence.incrementAndGet());
    byType.computeIfAbsent(type, t -> new CopyOnWriteArrayList<>()).add(s);
    changed();
    return () -> {
      CopyOnWriteArrayList<Subscriber> list = byType.get(type);
      if (list != null && list.remove(s)) {
        changed();
      }
    };
  }

  /** Adds middleware around every publication; the first added is the outermost. */
  public Registration addMiddleware(EventMiddleware m) {
    return middleware.add(m);
  }

  /** Publishes {@code event} to its subscribers. Never throws because of a subscriber. */
  public void publish(DomainEvent event) {
    Objects.requireNonNull(event, "event");
    proceed(event, middleware.snapshot(), 0);
  }

  /** Publishes each event in order. */
  public void publishAll(List<? extends DomainEvent> events) {
    for (DomainEvent e : events) {
      publish(e);
    }
  }

  private void proceed(DomainEvent event, List<EventMiddleware> chain, int i) {
    if (i < chain.size()) {
      try {
        chain.get(i).invoke(event, () -> proceed(event, chain, i + 1));
      } catch (RuntimeException e) {
        log.error("event middleware failed on {}", event.getClass().getSimpleName(), e);
      }
      return;
    }
    for (Subscriber s : subscribersOf(event.getClass())) {
      s.deliver(event);
    }
  }

  private void changed() {
    generation.incrementAndGet();
    resolved.clear();
  }

  /**
   * The subscribers of {@code eventType}, in subscription order. The generation is read before
   * {@link #byType}: a resolution racing with a (un)subscription is stored under the older
   * generation and recomputed by the next publication, instead of being cached for good.
   */
  private List<Subscriber> subscribersOf(Class<?> eventType) {
    long gen = generation.get();
    Resolved cached = resolved.get(eventType);
    if (cached != null && cached.generation() == gen) {
      return cached.subscribers();
    }
    List<Subscriber> all = new ArrayList<>();
    for (Map.Entry<Class<?>, CopyOnWriteArrayList<Subscriber>> e : byType.entrySet()) {
      if (e.getKey().isAssignableFrom(eventType)) {
        all.addAll(e.getValue());
      }
    }
    all.sort(Comparator.comparingLong(Subscriber::order));
    List<Subscriber> frozen = List.copyOf(all);
    resolved.put(eventType, new Resolved(gen, frozen));
    return frozen;
  }

  private record Resolved(long generation, List<Subscriber> subscribers) {}

  private static final class Subscriber {
    private final Class<?> type;
    private final EventHandler<DomainEvent> handler;
    private final Executor executor;
    private final long order;

    @SuppressWarnings("unchecked")
    Subscriber(Class<?> type, EventHandler<?> handler, Executor executor, long order) {
      this.order = order;
      this.type = type;
      this.handler = (EventHandler<DomainEvent>) handler;
      this.executor = executor;
    }

    long order() {
      return order;
    }

    void deliver(DomainEvent event) {
      if (executor == null) {
        run(event);
        return;
      }
      try {
        executor.execute(() -> run(event));
      } catch (RejectedExecutionException e) {
        log.warn(
            "event {} not delivered to a subscriber of {}: executor rejected it",
            event.getClass().getSimpleName(),
            type.getSimpleName());
      }
    }

    private void run(DomainEvent event) {
      try {
        handler.on(event);
      } catch (RuntimeException e) {
        log.error(
            "subscriber of {} failed on {}",
            type.getSimpleName(),
            event.getClass().getSimpleName(),
            e);
      }
    }
  }
}
