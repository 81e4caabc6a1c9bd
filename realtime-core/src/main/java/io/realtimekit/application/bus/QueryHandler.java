package io.realtimekit.application.bus;

/**
 * Answers one type of query.
 *
 * @param <Q> the query type
 * @param <R> its answer type
 */
@FunctionalInterface
public interface QueryHandler<Q extends Query<R>, R> {

  /** Answers {@code query}; never null (an empty collection or {@code Optional} for "nothing"). */
  R handle(Q query);
}
