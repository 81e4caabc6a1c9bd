package io.realtimekit.domain;

import java.util.Objects;

/**
 * A rule of the domain was broken, typically a value object given a value of the wrong shape.
 *
 * <p>The message is written for the client that sent the value: it names the field and the rule,
 * never echoes a secret, and carries an {@link ErrorCode} so adapters can map it to the wire.
 */
public class DomainException extends RuntimeException {
  private final ErrorCode code;

  /**
   * @param code the machine-readable code
   * @param message a short, client-safe explanation
   */
  public DomainException(ErrorCode code, String message) {
    super(message, null, false, false);
    this.code = Objects.requireNonNull(code, "code");
  }

  /**
   * For subclasses that report a failure of the infrastructure: keeps {@code cause} and the stack
   * trace for the server log, while the message stays client-safe.
   *
   * @param code the machine-readable code
   * @param message a short, client-safe explanation
   * @param cause the underlying failure (server log only), may be null
   */
  protected DomainException(ErrorCode code, String message, Throwable cause) {
    super(message, cause, false, true);
    this.code = Objects.requireNonNull(code, "code");
  }

  /** A value failed validation: {@link ErrorCode#INVALID_ARGUMENT}. */
  public static DomainException invalid(String message) {
    return new DomainException(ErrorCode.INVALID_ARGUMENT, message);
  }

  /** The machine-readable code of this error. */
  public ErrorCode code() {
    return code;
  }

  /** This error as a value, for a {@link Failure}. */
  public Failure toFailure() {
    return new Failure(code, getMessage());
  }
}
