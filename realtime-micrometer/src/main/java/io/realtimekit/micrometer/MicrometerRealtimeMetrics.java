package io.realtimekit.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.realtimekit.Realtime;
import io.realtimekit.RealtimeBuilder;
import io.realtimekit.application.port.RealtimeMetrics;
import io.realtimekit.domain.ErrorCode;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * {@link RealtimeMetrics} on a Micrometer {@link MeterRegistry} (module {@code
 * realtime-micrometer}, which brings {@code io.micrometer:micrometer-core}).
 *
 * <pre>{@code
 * MicrometerRealtimeMetrics metrics = new MicrometerRealtimeMetrics(registry);
 * Realtime realtime = Realtime.builder().tokenVerifier(verifier).metrics(metrics).build();
 * metrics.bindConnections(realtime);   // the realtime.connections.open gauge
 * }</pre>
 *
 * <p>Meters (names in Micrometer's dotted form; Prometheus shows {@code
 * realtime_sockets_opened_total} and so on):
 *
 * <ul>
 *   <li>{@code realtime.connections.open} (gauge): sockets open now, authenticated or not;
 *   <li>{@code realtime.sockets.opened}, {@code realtime.connects} (authenticated), {@code
 *       realtime.sockets.closed} tagged {@code code};
 *   <li>{@code realtime.refusals} tagged {@code reason};
 *   <li>{@code realtime.events.in} and {@code realtime.events.out} (sockets reached) tagged {@code
 *       event};
 *   <li>{@code realtime.errors} tagged {@code code};
 *   <li>{@code realtime.transient.dropped}, {@code realtime.slow.consumer.closes}, {@code
 *       realtime.rate.limited};
 *   <li>{@code realtime.delivery} (timer): a chat message's arrival to its hand-over to the
 *       receiver's sockets.
 * </ul>
 *
 * <p>Hot path: meters are cached per tag value in maps, so a call is a map lookup and an atomic
 * add, with no allocation once the meter exists. Tag values that clients choose (event names) are
 * capped at {@value #MAX_TAG_VALUES} distinct values per meter; beyond it they count as {@code
 * other}, so a client cannot grow the registry without bound. Thread-safe.
 */
public final class MicrometerRealtimeMetrics implements RealtimeMetrics {
  /** The most distinct values of one tag before further ones are counted as {@code other}. */
  public static final int MAX_TAG_VALUES = 200;

  private static final String OTHER = "other";

  private final MeterRegistry registry;
  private final Counter opened;
  private final Counter connects;
  private final Counter transientDropped;
  private final Counter slowConsumer;
  private final Counter rateLimited;
  private final Timer delivery;
  private final Tagged closed;
  private final Tagged refusals;
  private final Tagged eventsIn;
  private final Tagged eventsOut;
  private final Tagged errors;

  /** Registers the meters on {@code registry}. */
  public MicrometerRealtimeMetrics(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
    opened =
        Counter.builder("realtime.sockets.opened")
            .description("WebSocket connections accepted")
            .register(registry);
    connects =
        Counter.builder("realtime.connects")
            .description("Connections authenticated")
            .register(registry);
    transientDropped =
        Counter.builder("realtime.transient.dropped")
            .description("Transient events (typing) dropped under back-pressure")
            .register(registry);
    slowConsumer =
        Counter.builder("realtime.slow.consumer.closes")
            .description("Connections closed with 4429 for reading too slowly")
            .register(registry);
    rateLimited =
        Counter.builder("realtime.rate.limited")
            .description("Client events refused by the rate limit")
            .register(registry);
    delivery =
        Timer.builder("realtime.delivery")
            .description("Chat message arrival to hand-over to the receiver's sockets")
            .publishPercentiles(0.5, 0.99, 0.999)
            .register(registry);
    closed =
        new Tagged(
            v ->
                Counter.builder("realtime.sockets.closed")
                    .tag("code", v)
                    .description("Connections closed, by close code")
                    .register(registry));
    refusals =
        new Tagged(
            v ->
                Counter.builder("realtime.refusals")
                    .tag("reason", v)
                    .description("Connections refused, by reason")
                    .register(registry));
    eventsIn =
        new Tagged(
            v ->
                Counter.builder("realtime.events.in")
                    .tag("event", v)
                    .description("Client events received, by name")
                    .register(registry));
    eventsOut =
        new Tagged(
            v ->
                Counter.builder("realtime.events.out")
                    .tag("event", v)
                    .description("Events handed to sockets, by name (one per socket reached)")
                    .register(registry));
    errors =
        new Tagged(
            v ->
                Counter.builder("realtime.errors")
                    .tag("code", v)
                    .description("Requests answered with a failure, by code")
                    .register(registry));
  }

  /**
   * Registers the {@code realtime.connections.open} gauge on the sockets of {@code realtime}
   * (authenticated or not). Call once, after {@link RealtimeBuilder#build()}.
   */
  public MicrometerRealtimeMetrics bindConnections(Realtime realtime) {
    Objects.requireNonNull(realtime, "realtime");
    Gauge.builder(
            "realtime.connections.open",
            realtime,
            r -> r.isRunning() ? r.transport().openConnections() : 0)
        .description("WebSocket connections open, authenticated or not")
        .strongReference(false)
        .register(registry);
    return this;
  }

  @Override
  public void socketOpened() {
    opened.increment();
  }

  @Override
  public void socketClosed(int code) {
    closed.get(closeCode(code)).increment();
  }

  @Override
  public void authenticated() {
    connects.increment();
  }

  @Override
  public void refused(String reason) {
    refusals.get(reason).increment();
  }

  @Override
  public void eventIn(String event) {
    eventsIn.get(event).increment();
  }

  @Override
  public void eventOut(String event, int sockets) {
    eventsOut.get(event).increment(sockets);
  }

  @Override
  public void error(ErrorCode code) {
    errors.get(code.value()).increment();
  }

  @Override
  public void transientDropped() {
    transientDropped.increment();
  }

  @Override
  public void slowConsumerClosed() {
    slowConsumer.increment();
  }

  @Override
  public void rateLimited() {
    rateLimited.increment();
  }

  @Override
  public void deliveryNanos(long nanos) {
    delivery.record(nanos, TimeUnit.NANOSECONDS);
  }

  /** The registry the meters live on. */
  public MeterRegistry registry() {
    return registry;
  }

  private static final String[] CODES = new String[5000];

  /** Close codes as strings without allocating for the usual ones (1000-4999). */
  private static String closeCode(int code) {
    if (code < 0 || code >= CODES.length) {
      return Integer.toString(code);
    }
    String s = CODES[code];
    if (s == null) {
      s = Integer.toString(code);
      CODES[code] = s;
    }
    return s;
  }

  /** Counters of one name, one per tag value, capped at {@link #MAX_TAG_VALUES}. */
  private static final class Tagged {
    private final ConcurrentHashMap<String, Counter> byValue = new ConcurrentHashMap<>();
    private final Function<String, Counter> create;

    Tagged(Function<String, Counter> create) {
      this.create = create;
    }

    Counter get(String value) {
      Counter c = byValue.get(value);
      if (c != null) {
        return c;
      }
      String key = value == null || byValue.size() >= MAX_TAG_VALUES ? OTHER : value;
      return byValue.computeIfAbsent(key, create);
    }
  }
}
