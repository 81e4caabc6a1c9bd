package io.realtimekit.domain;

import java.util.Objects;

/**
 * Why an operation was refused: a code for machines and a client-safe message for people.
 *
 * @param code the machine-readable code
 * @param message a short explanation that never contains a secret or a stack trace
 */
public record Failure(ErrorCode code, String message) {
  /** Both parts are required. */
  public Failure {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
  }
}
