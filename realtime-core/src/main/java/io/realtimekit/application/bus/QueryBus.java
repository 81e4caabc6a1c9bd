package io.realtimekit.application.bus;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/** Sends each query to its one handler, through the middleware. Thread-safe. */
public final class QueryBus {
  private final Map<Class<?>, QueryHandler<?, ?>> handlers = new ConcurrentHashMap<>();
  private final MiddlewareChain<QueryMiddleware> middleware = new MiddlewareChain<>();

  /** An empty bus. */
  public QueryBus() {}

  /**
   * Registers the handler of queries of exactly {@code type}.
   *
   * @throws DuplicateHandlerException when {@code type} already has a handler
   */
  public <Q extends Query<R>, R> Registration register(Class<Q> type, QueryHandler<Q, R> handler) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(handler, "handler");
    if (handlers.putIfAbsent(type, handler) != null) {
      throw new DuplicateHandlerException(type);
    }
    return Registrations.once(() -> handlers.remove(type, handler));
  }

  /** Adds middleware around every query; the first added is the outermost. */
  public Registration addMiddleware(QueryMiddleware m) {
    return middleware.add(m);
  }

  /**
   * Answers {@code query}. A handler's exception propagates to the caller (queries have no failure
   * type: an invalid query cannot be built, its value objects validate on creation).
   *
   * @throws IllegalStateException when no handler is registered for the query's type, or it
   *     returned null
   */
  public <R> R ask(Query<R> query) {
    Objects.requireNonNull(query, "query");
    @SuppressWarnings("unchecked")
    QueryHandler<Query<R>, R> handler = (QueryHandler<Query<R>, R>) handlers.get(query.getClass());
    if (handler == null) {
      throw new IllegalStateException("no handler registered for " + query.getClass().getName());
    }
    R answer = proceed(query, handler, middleware.snapshot(), 0);
    if (answer == null) {
      throw new IllegalStateException(
          "handler of " + query.getClass().getName() + " returned null");
    }
    return answer;
  }

  private <R> R proceed(
      Query<R> query, QueryHandler<Query<R>, R> handler, List<QueryMiddleware> chain, int i) {
    if (i < chain.size()) {
      return chain.get(i).invoke(query, () -> proceed(query, handler, chain, i + 1));
    }
    return handler.handle(query);
  }
}
