package io.realtimekit.protocol;

/** The WebSocket close codes of the protocol specification. */
public final class CloseCodes {
  private CloseCodes() {}

  /** Normal close. */
  public static final int NORMAL = 1000;

  /** The server is shutting down. */
  public static final int GOING_AWAY = 1001;

  /** A binary frame where the protocol takes none. */
  public static final int UNSUPPORTED_DATA = 1003;

  /** A text frame that is not valid UTF-8. */
  public static final int INVALID_UTF8 = 1007;

  /** The server ended the session by policy (a kick by the host application). */
  public static final int POLICY_VIOLATION = 1008;

  /** A frame was larger than the limit. */
  public static final int TOO_BIG = 1009;

  /** The server failed (a write, a repository). */
  public static final int INTERNAL_ERROR = 1011;

  /** Try again later: a store the connect needs is unavailable for now. */
  public static final int TRY_AGAIN_LATER = 1013;

  /** Protocol violation: bad JSON before authentication, unknown frame type. */
  public static final int PROTOCOL_VIOLATION = 4400;

  /** Missing, invalid or expired token; authentication timeout. */
  public static final int UNAUTHORIZED = 4401;

  /** Origin not allowed. */
  public static final int FORBIDDEN_ORIGIN = 4403;

  /** The token expired on an open connection and was not refreshed. */
  public static final int TOKEN_EXPIRED = 4408;

  /** Rate limit exceeded, or a consumer too slow for its outbound queue. */
  public static final int RATE_LIMITED = 4429;

  /**
   * The most UTF-8 bytes a close frame's reason may carry (RFC 6455: 125-byte payload, 2 for the
   * code).
   */
  public static final int MAX_REASON_BYTES = 123;

  /**
   * {@code reason} cut to at most {@link #MAX_REASON_BYTES} UTF-8 bytes on a character boundary; ""
   * for null.
   */
  public static String truncateReason(String reason) {
    if (reason == null) {
      return "";
    }
    if (reason.length() <= MAX_REASON_BYTES / 3) {
      return reason; // 3 bytes per UTF-16 unit at most
    }
    int used = 0;
    for (int i = 0; i < reason.length(); ) {
      int cp = reason.codePointAt(i);
      int len = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      if (used + len > MAX_REASON_BYTES) {
        return reason.substring(0, i);
      }
      used += len;
      i += Character.charCount(cp);
    }
    return reason;
  }
}
