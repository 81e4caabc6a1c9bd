package io.realtimekit.protocol;

import java.util.Objects;

/**
 * What a protocol that resumes by private session id (Socket.IO) tells a client at connect: its
 * public session id and its private one.
 *
 * @param sid the public session id ({@code socket.id}): the connection id, or on a recovered
 *     connect the one of the session it continues
 * @param pid the private session id the client sends back to recover (never logged)
 */
public record SessionIdentity(String sid, String pid) {
  /** Requires both ids. */
  public SessionIdentity {
    Objects.requireNonNull(sid, "sid");
    Objects.requireNonNull(pid, "pid");
  }

  @Override
  public String toString() {
    return "SessionIdentity[sid=" + sid + ", pid=<redacted>]";
  }
}
