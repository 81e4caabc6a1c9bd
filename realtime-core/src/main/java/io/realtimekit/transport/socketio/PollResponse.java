package io.realtimekit.transport.socketio;

import io.realtimekit.protocol.socketio.EngineIo;
import java.util.Objects;

/**
 * The answer to one HTTP long-polling request, for the adapter to write as is.
 *
 * @param status the HTTP status
 * @param contentType the {@code Content-Type} header
 * @param body the body, UTF-8
 */
public record PollResponse(int status, String contentType, String body) {
  static final String TEXT = "text/plain; charset=UTF-8";
  static final String JSON = "application/json";

  /** Requires every component. */
  public PollResponse {
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(body, "body");
  }

  static PollResponse ok(String body) {
    return new PollResponse(200, TEXT, body);
  }

  /** An Engine.IO error: {@code {"code":..,"message":..}} with {@code status}. */
  static PollResponse error(int status, int code, String message) {
    return new PollResponse(status, JSON, EngineIo.error(code, message));
  }
}
