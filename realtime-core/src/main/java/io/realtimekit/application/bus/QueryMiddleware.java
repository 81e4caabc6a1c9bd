package io.realtimekit.application.bus;

/** Wraps the answering of every query (logging, metrics, caching). */
@FunctionalInterface
public interface QueryMiddleware {

  /** Answers {@code query} around {@code next}. */
  <R> R invoke(Query<R> query, Next<R> next);

  /**
   * The rest of the chain.
   *
   * @param <R> the answer type
   */
  @FunctionalInterface
  interface Next<R> {
    /** Runs the next middleware, or the handler. */
    R invoke();
  }
}
