package io.realtimekit.application.bus;

import io.realtimekit.domain.Result;

/**
 * Handles one type of command.
 *
 * @param <C> the command type
 * @param <R> its result type
 */
@FunctionalInterface
public interface CommandHandler<C extends Command<R>, R> {

  /**
   * Handles {@code command}. Returns a success or a typed failure; never null. An exception thrown
   * here is caught by the bus, logged, and turned into an {@code INTERNAL} failure (or, for a
   * {@link io.realtimekit.domain.DomainException}, into a failure with its code and message).
   */
  Result<R> handle(C command);
}
