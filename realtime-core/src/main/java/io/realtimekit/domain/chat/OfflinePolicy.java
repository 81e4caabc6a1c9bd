package io.realtimekit.domain.chat;

/** What a chat message to an offline receiver (no socket, and not inside its grace period) gets. */
public enum OfflinePolicy {
  /** Refused with {@code USER_NOT_CONNECTED}, as to any unknown user. The default. */
  REFUSE,
  /**
   * Accepted as {@code pending} and kept in the receiver's offline inbox (up to a TTL and a cap per
   * user), delivered when it next connects, until it acknowledges with {@code chat:delivered}.
   */
  KEEP
}
