package io.realtimekit.bench.micro;

import io.realtimekit.application.bus.Command;
import io.realtimekit.application.bus.CommandBus;
import io.realtimekit.application.bus.EventBus;
import io.realtimekit.domain.Result;
import io.realtimekit.domain.event.DomainEvent;
import io.realtimekit.domain.event.UserConnected;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/** Dispatch cost of the buses: one command to its handler, one event to its subscribers. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class BusBench {
  public record Ping(int n) implements Command<Integer> {}

  private final CommandBus commands = new CommandBus();
  private final CommandBus withMiddleware = new CommandBus();
  private final EventBus events = new EventBus();
  private final Ping ping = new Ping(1);
  private DomainEvent event;
  private long seen;

  @Setup
  public void setup() {
    commands.register(Ping.class, p -> Result.ok(p.n()));
    withMiddleware.register(Ping.class, p -> Result.ok(p.n()));
    withMiddleware.addMiddleware(
        new io.realtimekit.application.bus.CommandMiddleware() {
          @Override
          public <R> Result<R> invoke(Command<R> command, Next<R> next) {
            return next.invoke();
          }
        });
    events.subscribe(UserConnected.class, e -> seen++);
    events.subscribe(DomainEvent.class, e -> seen++);
    event =
        new UserConnected(
            java.util.UUID.randomUUID(),
            java.time.Instant.now(),
            io.realtimekit.domain.CompanyId.of(java.util.UUID.randomUUID()),
            io.realtimekit.domain.UserId.of("u1"),
            java.util.Set.of(io.realtimekit.domain.Role.VISITOR));
  }

  @Benchmark
  public Result<Integer> commandDispatch() {
    return commands.send(ping);
  }

  @Benchmark
  public Result<Integer> commandDispatchThroughMiddleware() {
    return withMiddleware.send(ping);
  }

  @Benchmark
  public void eventPublishToTwoSubscribers(Blackhole bh) {
    events.publish(event);
    bh.consume(seen);
  }
}
