package io.realtimekit.application.bus;

/**
 * A request to change the state of the real-time context. Implemented by records.
 *
 * @param <R> the type of the value a successful handling returns
 */
public interface Command<R> {}
