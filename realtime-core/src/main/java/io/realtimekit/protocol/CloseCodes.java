package io.realtimekit.protocol;

/** The WebSocket close codes of the protocol specification. */
public final class CloseCodes {
  private CloseCodes() {}

  /** Normal close. */
  public static final int NORMAL = 1000;
  /** The server is shutting down. */
  public static final int GOING_AWAY = 1001;
  /** The server ended the session by policy (a kick by the host application). */
  public static final int POLICY_VIOLATION = 1008;
  /** A frame was larger than the limit. */
  public static final int TOO_BIG = 1009;
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
}
