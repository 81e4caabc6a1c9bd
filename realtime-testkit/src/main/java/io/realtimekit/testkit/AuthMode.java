package io.realtimekit.testkit;

/** How {@link RealtimeTestClient} presents its token. */
public enum AuthMode {
  /** {@code Authorization: Bearer <token>} on the upgrade request. */
  HEADER,
  /** A first frame {@code {"type":"connect","token":"<token>"}}. */
  FIRST_FRAME
}
