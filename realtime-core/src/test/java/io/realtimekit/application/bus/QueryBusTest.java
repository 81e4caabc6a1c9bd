package io.realtimekit.application.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.realtimekit.domain.DomainException;
import io.realtimekit.domain.ErrorCode;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The query bus: typed answers, one handler per type, registrations, middleware. Queries have no
 * failure type, so a handler's exception reaches the caller as it is (the documented contract).
 */
class QueryBusTest {
  record Length(String text) implements Query<Integer> {}

  record Lookup(String key) implements Query<Optional<String>> {}

  record Unhandled() implements Query<String> {}

  final QueryBus bus = new QueryBus();

  @Test
  void askReturnsTheTypedAnswerWithoutACast() {
    bus.register(Length.class, q -> q.text().length());
    bus.register(Lookup.class, q -> Optional.of(q.key().toUpperCase()));

    int length = bus.ask(new Length("four"));
    Optional<String> found = bus.ask(new Lookup("k"));

    assertThat(length).isEqualTo(4);
    assertThat(found).contains("K");
  }

  @Test
  void aSecondHandlerForTheSameTypeIsRefusedAndTheFirstStaysInPlace() {
    bus.register(Length.class, q -> 1);

    assertThatThrownBy(() -> bus.register(Length.class, q -> 2))
        .isInstanceOf(DuplicateHandlerException.class)
        .hasMessageContaining(Length.class.getName());
    assertThat(bus.ask(new Length("x"))).isEqualTo(1);
  }

  @Test
  void closingTheRegistrationUnregistersTwiceHarmlesslyAndFreesTheType() {
    Registration first = bus.register(Length.class, q -> 1);

    first.close();
    assertThatThrownBy(() -> bus.ask(new Length("x"))).isInstanceOf(IllegalStateException.class);

    bus.register(Length.class, q -> 2);
    first.close();
    assertThat(bus.ask(new Length("x"))).isEqualTo(2);
  }

  @Test
  void closingAStaleRegistrationAgainDoesNotRemoveTheSameHandlerRegisteredAnew() {
    QueryHandler<Length, Integer> handler = q -> 7;
    Registration stale = bus.register(Length.class, handler);
    stale.close();
    bus.register(Length.class, handler);

    stale.close();

    assertThat(bus.ask(new Length("x"))).isEqualTo(7);
  }

  @Test
  void noHandlerIsAProgrammingError() {
    assertThatThrownBy(() -> bus.ask(new Unhandled()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(Unhandled.class.getName());
  }

  @Test
  void aHandlerReturningNullIsAProgrammingError() {
    bus.register(Unhandled.class, q -> null);

    assertThatThrownBy(() -> bus.ask(new Unhandled()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("returned null");
  }

  @Test
  void aDomainExceptionReachesTheCallerWithItsCodeAndMessage() {
    bus.register(
        Length.class,
        q -> {
          throw new DomainException(ErrorCode.FORBIDDEN, "not your company");
        });

    assertThatThrownBy(() -> bus.ask(new Length("x")))
        .isInstanceOfSatisfying(
            DomainException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN);
              assertThat(e.getMessage()).isEqualTo("not your company");
            });
  }

  @Test
  void anyOtherExceptionReachesTheCallerUnchanged() {
    IllegalArgumentException boom = new IllegalArgumentException("boom");
    bus.register(
        Length.class,
        q -> {
          throw boom;
        });

    assertThatThrownBy(() -> bus.ask(new Length("x"))).isSameAs(boom);
  }

  @Test
  void middlewareRunsFirstAddedOutermostAroundTheHandler() {
    List<String> calls = new CopyOnWriteArrayList<>();
    bus.addMiddleware(tracing("a", calls));
    bus.addMiddleware(tracing("b", calls));
    bus.register(
        Length.class,
        q -> {
          calls.add("handler");
          return 3;
        });

    assertThat(bus.ask(new Length("abc"))).isEqualTo(3);
    assertThat(calls).containsExactly("a>", "b>", "handler", "<b", "<a");
  }

  @Test
  void middlewareThatAnswersItselfStopsTheQuery() {
    List<String> calls = new CopyOnWriteArrayList<>();
    bus.addMiddleware(
        new QueryMiddleware() {
          @Override
          @SuppressWarnings("unchecked")
          public <R> R invoke(Query<R> query, Next<R> next) {
            calls.add("cache");
            return (R) Integer.valueOf(99);
          }
        });
    bus.addMiddleware(tracing("inner", calls));
    bus.register(
        Length.class,
        q -> {
          calls.add("handler");
          return 3;
        });

    assertThat(bus.ask(new Length("abc"))).isEqualTo(99);
    assertThat(calls).containsExactly("cache");
  }

  @Test
  void middlewareReturningNullIsAProgrammingError() {
    bus.addMiddleware(
        new QueryMiddleware() {
          @Override
          public <R> R invoke(Query<R> query, Next<R> next) {
            return null;
          }
        });
    bus.register(Length.class, q -> 3);

    assertThatThrownBy(() -> bus.ask(new Length("abc"))).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void removedMiddlewareNoLongerRuns() {
    List<String> calls = new CopyOnWriteArrayList<>();
    Registration a = bus.addMiddleware(tracing("a", calls));
    bus.register(Length.class, q -> 3);

    a.close();
    a.close();
    bus.ask(new Length("abc"));

    assertThat(calls).isEmpty();
  }

  static QueryMiddleware tracing(String name, List<String> calls) {
    return new QueryMiddleware() {
      @Override
      public <R> R invoke(Query<R> query, Next<R> next) {
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
