package io.realtimekit.domain;

import java.util.regex.Pattern;

/**
 * A machine-readable error code, as it appears on the wire ({@code "code":"USER_NOT_CONNECTED"}).
 *
 * <p>The set is open: host applications define their own codes for their own client events. The
 * constants below are the ones the library itself produces.
 *
 * @param value upper-case letters, digits and underscores, 1 to 64 characters
 */
public record ErrorCode(String value) {
  private static final Pattern SHAPE = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");

  /** A value did not pass validation (blank id, wrong type, missing field...). */
  public static final ErrorCode INVALID_ARGUMENT = new ErrorCode("INVALID_ARGUMENT");

  /** A frame was not valid JSON. */
  public static final ErrorCode MALFORMED_JSON = new ErrorCode("MALFORMED_JSON");

  /** A frame was JSON but not a frame of the protocol. */
  public static final ErrorCode PROTOCOL_ERROR = new ErrorCode("PROTOCOL_ERROR");

  /** The client emitted an event nobody handles. */
  public static final ErrorCode UNKNOWN_EVENT = new ErrorCode("UNKNOWN_EVENT");

  /** Missing, invalid or expired credentials. */
  public static final ErrorCode UNAUTHORIZED = new ErrorCode("UNAUTHORIZED");

  /** The caller is authenticated but not allowed to do this (another company, wrong role). */
  public static final ErrorCode FORBIDDEN = new ErrorCode("FORBIDDEN");

  /** The receiver of a message has no live connection. */
  public static final ErrorCode USER_NOT_CONNECTED = new ErrorCode("USER_NOT_CONNECTED");

  /** The connection sends events faster than its rate limit. */
  public static final ErrorCode RATE_LIMITED = new ErrorCode("RATE_LIMITED");

  /** The state changed under the request (for example a user id claimed by two companies). */
  public static final ErrorCode CONFLICT = new ErrorCode("CONFLICT");

  /** A dependency needed for this request (the cluster broker) is unreachable; retry later. */
  public static final ErrorCode UNAVAILABLE = new ErrorCode("UNAVAILABLE");

  /** Something failed on the server; details are in the server log, never on the wire. */
  public static final ErrorCode INTERNAL = new ErrorCode("INTERNAL");

  /** Validates the shape. */
  public ErrorCode {
    if (value == null || !SHAPE.matcher(value).matches()) {
      throw DomainException.invalid("error code must match " + SHAPE.pattern());
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
