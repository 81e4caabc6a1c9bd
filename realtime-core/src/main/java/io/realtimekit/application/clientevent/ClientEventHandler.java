package io.realtimekit.application.clientevent;

/**
 * Handles one client event. Runs on the connection's inbound thread: answer through the context
 * before returning ({@link ClientEventContext#reply} or {@link ClientEventContext#fail}); a handler
 * that returns without answering has its request acknowledged with an empty success. Throwing a
 * {@link io.realtimekit.domain.DomainException} answers with its code and message; any other
 * exception answers {@code INTERNAL} and is logged, never shown to the client.
 */
@FunctionalInterface
public interface ClientEventHandler {

  /** Handles the event described by {@code context}. */
  void handle(ClientEventContext context) throws Exception;
}
