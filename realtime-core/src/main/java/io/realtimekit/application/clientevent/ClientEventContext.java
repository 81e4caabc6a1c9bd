package io.realtimekit.application.clientevent;

import com.fasterxml.jackson.databind.JsonNode;
import io.realtimekit.application.bus.Command;
import io.realtimekit.application.bus.Query;
import io.realtimekit.domain.ErrorCode;
import io.realtimekit.domain.Result;

/**
 * One client event being handled: who sent it, its payload, and how to answer. The first answer
 * wins; later ones are ignored.
 */
public interface ClientEventContext {

  /** The event name. */
  String event();

  /** Who sent it. */
  Caller caller();

  /** The payload as sent ({@code null} JSON when absent). */
  JsonNode data();

  /**
   * The payload converted to {@code type} (a record, say).
   *
   * @throws io.realtimekit.domain.DomainException {@code INVALID_ARGUMENT} when it does not fit
   */
  <T> T dataAs(Class<T> type);

  /**
   * Answers with success and {@code data} (any Jackson-serialisable value; null sends {@code {}}).
   */
  void reply(Object data);

  /** Answers with a failure. Without a request id, the client gets an {@code error} event. */
  void fail(ErrorCode code, String message);

  /** Answers from a command's result: its value on success, its failure otherwise. */
  default void answer(Result<?> result) {
    if (result.isOk()) {
      reply(result.value());
    } else {
      fail(result.failure().code(), result.failure().message());
    }
  }

  /**
   * The largest reply the caller's socket takes, in bytes of JSON: handlers of lists page their
   * replies to fit. Default 65,536 (the default frame limit).
   */
  default int maxReplyBytes() {
    return 65_536;
  }

  /** Pushes an event to the caller's socket (not a reply). */
  void emit(String event, Object data);

  /** Sends a command through the command bus. */
  <R> Result<R> send(Command<R> command);

  /** Asks a query through the query bus. */
  <R> R ask(Query<R> query);
}
