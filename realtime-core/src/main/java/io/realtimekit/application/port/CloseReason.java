package io.realtimekit.application.port;

/**
 * Why the server closes a socket, as the application and the ports say it. Only the wire protocol
 * turns a reason into a WebSocket close code (the table of the protocol specification); the
 * application never handles close-code numbers.
 */
public enum CloseReason {
  /** A normal close: the client said goodbye, or the session ended cleanly. */
  NORMAL,
  /** The server is shutting down. */
  SHUTTING_DOWN,
  /** The client broke the protocol: bad JSON before authentication, an unknown frame type. */
  PROTOCOL_ERROR,
  /** The client sent a binary frame to a protocol that takes none. */
  BINARY_FRAME,
  /** A text frame was not valid UTF-8. */
  INVALID_UTF8,
  /** The host application ended the user's sessions on purpose (a kick). */
  KICKED,
  /** A frame was larger than the limit. */
  FRAME_TOO_LARGE,
  /** The token was missing, invalid or refused. */
  AUTH_FAILED,
  /** No token arrived within the authentication timeout. */
  AUTH_TIMEOUT,
  /** The upgrade's Origin is not allowed. */
  ORIGIN_REFUSED,
  /** The token expired on an open connection and was not refreshed. */
  TOKEN_EXPIRED,
  /** The client sent more events than its rate limit allows. */
  RATE_LIMITED,
  /** The client read too slowly for its bounded outbound queue. */
  SLOW_CONSUMER,
  /** A store the connect needs (the repository) is unavailable for now: try again later. */
  STORE_UNAVAILABLE,
  /** The server failed (a write, or a repository that could not record the connection). */
  INTERNAL_ERROR
}
