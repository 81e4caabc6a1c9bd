package io.realtimekit.application.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import io.realtimekit.domain.event.DomainEvent;
import io.realtimekit.domain.event.UserConnected;
import io.realtimekit.domain.event.UserDisconnected;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The event bus: fan-out by type and supertype, isolation, ordering, executors, concurrency. */
class EventBusTest {
  static final CompanyId COMPANY =
      CompanyId.of(UUID.fromString("00000000-0000-0000-0000-00000000000a"));

  final EventBus bus = new EventBus();
  final List<ExecutorService> executors = new ArrayList<>();

  @AfterEach
  void shutDownExecutors() throws InterruptedException {
    for (ExecutorService e : executors) {
      e.shutdownNow();
      assertThat(e.awaitTermination(10, TimeUnit.SECONDS)).as("executor terminated").isTrue();
    }
  }

  ExecutorService executor(ExecutorService e) {
    executors.add(e);
    return e;
  }

  static UserConnected connected(String user) {
    return new UserConnected(
        UUID.randomUUID(), Instant.EPOCH, COMPANY, UserId.of(user), Set.of(Role.VISITOR));
  }

  static UserDisconnected disconnected(String user) {
    return new UserDisconnected(
        UUID.randomUUID(), Instant.EPOCH, COMPANY, UserId.of(user), Set.of(Role.VISITOR));
  }

  @Test
  void aSubscriberGetsEventsOfItsTypeOnly() {
    List<UserConnected> got = new CopyOnWriteArrayList<>();
    bus.subscribe(UserConnected.class, got::add);
    UserConnected c = connected("u1");

    bus.publish(c);
    bus.publish(disconnected("u1"));

    assertThat(got).containsExactly(c);
  }

  @Test
  void aSubscriberToTheSupertypeGetsEverySubtype() {
    List<DomainEvent> got = new CopyOnWriteArrayList<>();
    bus.subscribe(DomainEvent.class, got::add);
    UserConnected c = connected("u1");
    UserDisconnected d = disconnected("u1");

    bus.publishAll(List.of(c, d));

    assertThat(got).containsExactly(c, d);
  }

  @Test
  void subscribersRunInSubscriptionOrderAcrossTypesAndAFailingOneIsIsolated() {
    List<String> calls = new CopyOnWriteArrayList<>();
    bus.subscribe(UserConnected.class, e -> calls.add("first"));
    bus.subscribe(DomainEvent.class, e -> calls.add("any"));
    bus.subscribe(
        UserConnected.class,
        e -> {
          calls.add("failing");
          throw new IllegalStateException("boom");
        });
    bus.subscribe(UserConnected.class, e -> calls.add("last"));

    assertThatCode(() -> bus.publish(connected("u1"))).doesNotThrowAnyException();

    assertThat(calls).containsExactly("first", "any", "failing", "last");
  }

  @Test
  void aSubscriptionWithAnExecutorRunsOnIt() throws InterruptedException {
    ExecutorService pool =
        executor(Executors.newSingleThreadExecutor(r -> new Thread(r, "subscriber-pool")));
    AtomicReference<String> thread = new AtomicReference<>();
    CountDownLatch done = new CountDownLatch(1);
    bus.subscribe(
        UserConnected.class,
        e -> {
          thread.set(Thread.currentThread().getName());
          done.countDown();
        },
        pool);

    bus.publish(connected("u1"));

    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(thread.get()).isEqualTo("subscriber-pool");
  }

  @Test
  void anExecutorThatRejectsDoesNotStopThePublisherNorTheOtherSubscribers() {
    ExecutorService dead = executor(Executors.newSingleThreadExecutor());
    dead.shutdown();
    List<String> calls = new CopyOnWriteArrayList<>();
    bus.subscribe(UserConnected.class, e -> calls.add("never"), dead);
    bus.subscribe(UserConnected.class, e -> calls.add("inline"));

    assertThatCode(() -> bus.publish(connected("u1"))).doesNotThrowAnyException();
    assertThat(calls).containsExactly("inline");
  }

  @Test
  void unsubscribingStopsDeliveryAndClosingTwiceIsHarmless() {
    List<String> calls = new CopyOnWriteArrayList<>();
    Registration a = bus.subscribe(UserConnected.class, e -> calls.add("a"));
    bus.subscribe(UserConnected.class, e -> calls.add("b"));
    bus.publish(connected("u1"));

    a.close();
    a.close();
    bus.publish(connected("u2"));

    assertThat(calls).containsExactly("a", "b", "b");
  }

  @Test
  void theSameHandlerSubscribedTwiceIsTwoSubscriptions() {
    AtomicInteger count = new AtomicInteger();
    EventHandler<UserConnected> handler = e -> count.incrementAndGet();
    Registration first = bus.subscribe(UserConnected.class, handler);
    bus.subscribe(UserConnected.class, handler);

    first.close();
    first.close();
    bus.publish(connected("u1"));

    assertThat(count).hasValue(1);
  }

  @Test
  void middlewareRunsFirstAddedOutermostAndMayDropTheEvent() {
    List<String> calls = new CopyOnWriteArrayList<>();
    bus.addMiddleware(
        (event, next) -> {
          calls.add("a>");
          next.run();
          calls.add("<a");
        });
    bus.addMiddleware(
        (event, next) -> {
          calls.add("b>");
          if (event instanceof UserConnected) {
            next.run();
          }
          calls.add("<b");
        });
    bus.subscribe(DomainEvent.class, e -> calls.add(e.getClass().getSimpleName()));

    bus.publish(connected("u1"));
    bus.publish(disconnected("u1"));

    assertThat(calls)
        .containsExactly("a>", "b>", "UserConnected", "<b", "<a", "a>", "b>", "<b", "<a");
  }

  @Test
  void aFailingMiddlewareDoesNotReachThePublisher() {
    bus.addMiddleware(
        (event, next) -> {
          throw new IllegalStateException("boom");
        });

    assertThatCode(() -> bus.publish(connected("u1"))).doesNotThrowAnyException();
  }

  @Test
  void concurrentPublishersDeliverEveryEventExactlyOnce() throws Exception {
    int threads = 8;
    int perThread = 2_000;
    Map<UUID, AtomicInteger> seen = new ConcurrentHashMap<>();
    bus.subscribe(
        UserConnected.class,
        e -> seen.computeIfAbsent(e.eventId(), k -> new AtomicInteger()).incrementAndGet());
    List<UUID> published = new CopyOnWriteArrayList<>();
    ExecutorService pool = executor(Executors.newFixedThreadPool(threads));
    CyclicBarrier start = new CyclicBarrier(threads);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      futures.add(
          pool.submit(
              () -> {
                start.await(10, TimeUnit.SECONDS);
                for (int i = 0; i < perThread; i++) {
                  UserConnected e = connected("t" + thread + "-" + i);
                  published.add(e.eventId());
                  bus.publish(e);
                }
                return null;
              }));
    }
    for (Future<?> f : futures) {
      f.get(30, TimeUnit.SECONDS);
    }

    assertThat(published).hasSize(threads * perThread);
    assertThat(seen.keySet()).containsExactlyInAnyOrderElementsOf(published);
    assertThat(seen.values()).allSatisfy(n -> assertThat(n).hasValue(1));
  }

  /**
   * A subscriber added while another thread is publishing must get every event published after
   * {@code subscribe} returned: the bus caches the subscribers of each event type, and a cache
   * entry computed before the subscription must not outlive it.
   */
  @Test
  void aSubscriptionMadeWhileOthersPublishIsNeverLost() throws Exception {
    ExecutorService pool = executor(Executors.newFixedThreadPool(2));
    for (int round = 0; round < 300; round++) {
      EventBus b = new EventBus();
      b.subscribe(UserConnected.class, e -> {});
      AtomicBoolean stop = new AtomicBoolean();
      CountDownLatch running = new CountDownLatch(2);
      List<Future<?>> publishers = new ArrayList<>();
      for (int p = 0; p < 2; p++) {
        publishers.add(
            pool.submit(
                () -> {
                  UserConnected e = connected("busy");
                  running.countDown();
                  while (!stop.get()) {
                    b.publish(e);
                  }
                }));
      }
      assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
      List<AtomicInteger> counters = new ArrayList<>();
      for (int s = 0; s < 20; s++) {
        AtomicInteger n = new AtomicInteger();
        counters.add(n);
        b.subscribe(
            UserConnected.class,
            e -> {
              if (e.userId().value().equals("probe")) {
                n.incrementAndGet();
              }
            });
      }
      stop.set(true);
      for (Future<?> f : publishers) {
        f.get(10, TimeUnit.SECONDS);
      }

      b.publish(connected("probe"));

      int r = round;
      assertThat(counters).allSatisfy(n -> assertThat(n).as("round %d", r).hasValue(1));
    }
  }
}
