package io.realtimekit.application.bus;

import io.realtimekit.domain.DomainException;
import io.realtimekit.domain.ErrorCode;
import io.realtimekit.domain.Result;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each command to its one handler, through the middleware. Thread-safe.
 *
 * <pre>{@code
 * try (Registration r = bus.register(KickUser.class, cmd -> Result.ok(Done.DONE))) {
 *   Result<Done> result = bus.send(new KickUser(userId));
 * }
 * }</pre>
 */
public final class CommandBus {
  private static final Logger log = LoggerFactory.getLogger(CommandBus.class);

  private final Map<Class<?>, CommandHandler<?, ?>> handlers = new ConcurrentHashMap<>();
  private final MiddlewareChain<CommandMiddleware> middleware = new MiddlewareChain<>();

  /** An empty bus. */
  public CommandBus() {}

  /**
   * Registers the handler of commands of exactly {@code type}.
   *
   * @throws DuplicateHandlerException when {@code type} already has a handler
   */
  public <C extends Command<R>, R> Registration register(
      Class<C> type, CommandHandler<C, R> handler) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(handler, "handler");
    if (handlers.putIfAbsent(type, handler) != null) {
      throw new DuplicateHandlerException(type);
    }
    return Registrations.once(() -> handlers.remove(type, handler));
  }

  /** Adds middleware around every command; the first added is the outermost. */
  public Registration addMiddleware(CommandMiddleware m) {
    return middleware.add(m);
  }

  /**
   * Handles {@code command}: never null, never throws for a handler's failure. A command type
   * without a handler is a programming error and throws {@link IllegalStateException}.
   */
  public <R> Result<R> send(Command<R> command) {
    Objects.requireNonNull(command, "command");
    @SuppressWarnings("unchecked")
    CommandHandler<Command<R>, R> handler =
        (CommandHandler<Command<R>, R>) handlers.get(command.getClass());
    if (handler == null) {
      throw new IllegalStateException("no handler registered for " + command.getClass().getName());
    }
    return proceed(command, handler, middleware.snapshot(), 0);
  }

  private <R> Result<R> proceed(
      Command<R> command,
      CommandHandler<Command<R>, R> handler,
      List<CommandMiddleware> chain,
      int i) {
    Result<R> result;
    try {
      if (i < chain.size()) {
        result = chain.get(i).invoke(command, () -> proceed(command, handler, chain, i + 1));
      } else {
        result = handler.handle(command);
      }
    } catch (DomainException e) {
      return Result.failure(e.toFailure());
    } catch (RuntimeException e) {
      log.error("command {} failed", command.getClass().getSimpleName(), e);
      return Result.failure(ErrorCode.INTERNAL, "internal error");
    }
    if (result == null) {
      log.error("handler of {} returned null", command.getClass().getSimpleName());
      return Result.failure(ErrorCode.INTERNAL, "internal error");
    }
    return result;
  }
}
