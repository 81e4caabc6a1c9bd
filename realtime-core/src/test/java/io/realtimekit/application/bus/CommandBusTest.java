package io.realtimekit.application.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.realtimekit.domain.DomainException;
import io.realtimekit.domain.Done;
import io.realtimekit.domain.ErrorCode;
import io.realtimekit.domain.Result;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The command bus: typed dispatch, one handler per type, registrations, middleware, failures. */
class CommandBusTest {
  record Greet(String name) implements Command<String> {}

  record Count(int n) implements Command<Integer> {}

  record Unhandled() implements Command<Done> {}

  final CommandBus bus = new CommandBus();

  @Test
  void sendReturnsTheHandlersTypedResultWithoutACast() {
    bus.register(Greet.class, c -> Result.ok("hello " + c.name()));
    bus.register(Count.class, c -> Result.ok(c.n() + 1));

    String greeting = bus.send(new Greet("ada")).value();
    int next = bus.send(new Count(41)).value();

    assertThat(greeting).isEqualTo("hello ada");
    assertThat(next).isEqualTo(42);
  }

  @Test
  void aSecondHandlerForTheSameTypeIsRefusedAndTheFirstStaysInPlace() {
    bus.register(Greet.class, c -> Result.ok("first"));

    assertThatThrownBy(() -> bus.register(Greet.class, c -> Result.ok("second")))
        .isInstanceOf(DuplicateHandlerException.class)
        .hasMessageContaining(Greet.class.getName());
    assertThat(bus.send(new Greet("x")).value()).isEqualTo("first");
  }

  @Test
  void closingTheRegistrationUnregistersTwiceHarmlesslyAndFreesTheType() {
    Registration first = bus.register(Greet.class, c -> Result.ok("first"));

    first.close();
    assertThatThrownBy(() -> bus.send(new Greet("x"))).isInstanceOf(IllegalStateException.class);

    bus.register(Greet.class, c -> Result.ok("second"));
    first.close();
    assertThat(bus.send(new Greet("x")).value()).isEqualTo("second");
  }

  @Test
  void closingAStaleRegistrationAgainDoesNotRemoveTheSameHandlerRegisteredAnew() {
    CommandHandler<Greet, String> handler = c -> Result.ok("hi");
    Registration stale = bus.register(Greet.class, handler);
    stale.close();
    bus.register(Greet.class, handler);

    stale.close();

    assertThat(bus.send(new Greet("x")).value()).isEqualTo("hi");
  }

  @Test
  void noHandlerIsAProgrammingError() {
    assertThatThrownBy(() -> bus.send(new Unhandled()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(Unhandled.class.getName());
  }

  @Test
  void middlewareRunsFirstAddedOutermostAroundTheHandler() {
    List<String> calls = new CopyOnWriteArrayList<>();
    bus.addMiddleware(tracing("a", calls));
    bus.addMiddleware(tracing("b", calls));
    bus.register(
        Greet.class,
        c -> {
          calls.add("handler");
          return Result.ok("done");
        });

    assertThat(bus.send(new Greet("x")).value()).isEqualTo("done");
    assertThat(calls).containsExactly("a>", "b>", "handler", "<b", "<a");
  }

  @Test
  void middlewareThatReturnsItsOwnResultStopsTheCommand() {
    List<String> calls = new CopyOnWriteArrayList<>();
    bus.addMiddleware(
        new CommandMiddleware() {
          @Override
          public <R> Result<R> invoke(Command<R> command, Next<R> next) {
            calls.add("guard");
            return Result.failure(ErrorCode.FORBIDDEN, "not allowed");
          }
        });
    bus.addMiddleware(tracing("inner", calls));
    bus.register(
        Greet.class,
        c -> {
          calls.add("handler");
          return Result.ok("done");
        });

    Result<String> result = bus.send(new Greet("x"));

    assertThat(result.failure().code()).isEqualTo(ErrorCode.FORBIDDEN);
    assertThat(result.failure().message()).isEqualTo("not allowed");
    assertThat(calls).containsExactly("guard");
  }

  @Test
  void removedMiddlewareNoLongerRuns() {
    List<String> calls = new CopyOnWriteArrayList<>();
    Registration a = bus.addMiddleware(tracing("a", calls));
    bus.register(Greet.class, c -> Result.ok("done"));

    a.close();
    a.close();
    bus.send(new Greet("x"));

    assertThat(calls).isEmpty();
  }

  @Test
  void middlewareRemovedWhileACommandIsInFlightDoesNotSkipTheRestOfThatChain() {
    List<String> calls = new CopyOnWriteArrayList<>();
    Registration[] outer = new Registration[1];
    outer[0] =
        bus.addMiddleware(
            new CommandMiddleware() {
              @Override
              public <R> Result<R> invoke(Command<R> command, Next<R> next) {
                calls.add("outer");
                outer[0].close(); // one-shot middleware
                return next.invoke();
              }
            });
    bus.addMiddleware(tracing("inner", calls));
    bus.register(
        Greet.class,
        c -> {
          calls.add("handler");
          return Result.ok("done");
        });

    bus.send(new Greet("x"));

    assertThat(calls).containsExactly("outer", "inner>", "handler", "<inner");
  }

  @Test
  void closingAMiddlewareRegistrationTwiceLeavesASecondAdditionOfTheSameMiddleware() {
    List<String> calls = new CopyOnWriteArrayList<>();
    CommandMiddleware m = tracing("m", calls);
    Registration first = bus.addMiddleware(m);
    bus.addMiddleware(m);
    bus.register(Greet.class, c -> Result.ok("done"));

    first.close();
    first.close();
    bus.send(new Greet("x"));

    assertThat(calls).containsExactly("m>", "<m");
  }

  @Test
  void aDomainExceptionBecomesAFailureWithItsCodeAndMessage() {
    bus.register(
        Greet.class,
        c -> {
          throw new DomainException(ErrorCode.USER_NOT_CONNECTED, "User not connected");
        });

    Result<String> result = bus.send(new Greet("x"));

    assertThat(result.isOk()).isFalse();
    assertThat(result.failure().code()).isEqualTo(ErrorCode.USER_NOT_CONNECTED);
    assertThat(result.failure().message()).isEqualTo("User not connected");
  }

  @Test
  void aDomainExceptionFromMiddlewareIsAFailureToo() {
    bus.addMiddleware(
        new CommandMiddleware() {
          @Override
          public <R> Result<R> invoke(Command<R> command, Next<R> next) {
            throw DomainException.invalid("bad command");
          }
        });
    bus.register(Greet.class, c -> Result.ok("done"));

    Result<String> result = bus.send(new Greet("x"));

    assertThat(result.failure().code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertThat(result.failure().message()).isEqualTo("bad command");
  }

  @Test
  void anyOtherExceptionIsAnInternalFailureThatRevealsNothing() {
    bus.register(
        Greet.class,
        c -> {
          throw new IllegalArgumentException("secret=hunter2 at db.example:5432");
        });

    Result<String> result = bus.send(new Greet("x"));

    assertThat(result.failure().code()).isEqualTo(ErrorCode.INTERNAL);
    assertThat(result.failure().message()).isEqualTo("internal error");
  }

  @Test
  void aHandlerReturningNullIsAnInternalFailure() {
    bus.register(Greet.class, c -> null);

    Result<String> result = bus.send(new Greet("x"));

    assertThat(result.failure().code()).isEqualTo(ErrorCode.INTERNAL);
    assertThat(result.failure().message()).isEqualTo("internal error");
  }

  @Test
  void middlewareReturningNullIsAnInternalFailure() {
    bus.addMiddleware(
        new CommandMiddleware() {
          @Override
          public <R> Result<R> invoke(Command<R> command, Next<R> next) {
            return null;
          }
        });
    bus.register(Greet.class, c -> Result.ok("done"));

    assertThat(bus.send(new Greet("x")).failure().code()).isEqualTo(ErrorCode.INTERNAL);
  }

  static CommandMiddleware tracing(String name, List<String> calls) {
    return new CommandMiddleware() {
      @Override
      public <R> Result<R> invoke(Command<R> command, Next<R> next) {
        calls.add(name + ">");
        try {
          return next.invoke();
        } finally {
          calls.add("<" + name);
        }
      }
    };
  }
}
