package io.realtimekit.transport;

import io.realtimekit.application.port.CloseReason;
import io.realtimekit.protocol.CloseCodes;

/**
 * The one place where a {@link CloseReason} becomes a WebSocket close code of the protocol ({@link
 * CloseCodes}). It sits in the transport, the layer that knows both sides: the protocol package
 * does not depend on the application layer.
 */
final class CloseReasonCodes {
  private CloseReasonCodes() {}

  /** The close code that tells a client {@code reason}. */
  static int code(CloseReason reason) {
    return switch (reason) {
      case NORMAL -> CloseCodes.NORMAL;
      case SHUTTING_DOWN -> CloseCodes.GOING_AWAY;
      case PROTOCOL_ERROR -> CloseCodes.PROTOCOL_VIOLATION;
      case BINARY_FRAME -> CloseCodes.UNSUPPORTED_DATA;
      case INVALID_UTF8 -> CloseCodes.INVALID_UTF8;
      case KICKED -> CloseCodes.POLICY_VIOLATION;
      case FRAME_TOO_LARGE -> CloseCodes.TOO_BIG;
      case AUTH_FAILED, AUTH_TIMEOUT -> CloseCodes.UNAUTHORIZED;
      case ORIGIN_REFUSED -> CloseCodes.FORBIDDEN_ORIGIN;
      case TOKEN_EXPIRED -> CloseCodes.TOKEN_EXPIRED;
      case RATE_LIMITED, SLOW_CONSUMER -> CloseCodes.RATE_LIMITED;
      case STORE_UNAVAILABLE -> CloseCodes.TRY_AGAIN_LATER;
      case INTERNAL_ERROR -> CloseCodes.INTERNAL_ERROR;
    };
  }
}
