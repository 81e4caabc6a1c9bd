package io.realtimekit.application.bus;

/**
 * A question about the state of the real-time context; it changes nothing. Implemented by records.
 *
 * @param <R> the type of the answer
 */
public interface Query<R> {}
