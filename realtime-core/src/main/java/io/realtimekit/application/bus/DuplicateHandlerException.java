package io.realtimekit.application.bus;

/** A second handler was registered for a command or query type that already has one. */
public final class DuplicateHandlerException extends IllegalStateException {
  /**
   * @param type the type that already has a handler
   */
  public DuplicateHandlerException(Class<?> type) {
    super("a handler is already registered for " + type.getName());
  }
}
