package io.realtimekit.domain;

/**
 * A repository (a {@link ConnectionRepository}, a {@code SalesFloorRepository}) cannot reach its
 * store right now: no database connection could be had in time, the store refused or dropped it, or
 * a query ran past its timeout. Retrying later may succeed; nothing was changed by the failed call,
 * or the change is unknown (a timeout while committing).
 *
 * <p>Repositories are domain SPIs, so this unchecked exception is part of their contract: an
 * implementation throws it, rather than a driver's own exception, for every failure that is the
 * store's availability and not a bug. It is a {@link DomainException} with code {@link
 * ErrorCode#UNAVAILABLE}: the command and client-event buses answer it as {@code UNAVAILABLE} with
 * its client-safe message; the driver's exception, which may name hosts and SQL, is only its
 * {@linkplain #getCause() cause}, for the server log.
 */
public class RepositoryUnavailableException extends DomainException {

  /**
   * @param message a short, client-safe explanation (no host name, no SQL)
   * @param cause the store's own failure, for the server log; may be null
   */
  public RepositoryUnavailableException(String message, Throwable cause) {
    super(ErrorCode.UNAVAILABLE, message, cause);
  }
}
