package io.realtimekit.application.bus;

import io.realtimekit.domain.Result;

/**
 * Wraps the handling of every command (logging, metrics, validation, transactions). Calls {@code
 * next.invoke()} to continue, or returns a result of its own to stop the command there.
 */
@FunctionalInterface
public interface CommandMiddleware {

  /** Handles {@code command} around {@code next}. */
  <R> Result<R> invoke(Command<R> command, Next<R> next);

  /**
   * The rest of the chain.
   *
   * @param <R> the command's result type
   */
  @FunctionalInterface
  interface Next<R> {
    /** Runs the next middleware, or the handler. */
    Result<R> invoke();
  }
}
