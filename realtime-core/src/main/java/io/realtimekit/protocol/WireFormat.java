package io.realtimekit.protocol;

import io.realtimekit.domain.Failure;

/**
 * The framing of one wire protocol: how a session reads a client's text and writes its answers. The
 * session logic (authentication, rate limit, token expiry, routing, outbound queue) is the same for
 * every protocol; only this differs. Implementations are thread-safe and never throw from {@link
 * #decode}.
 *
 * <p>Encoders take payloads already serialised to JSON text, so one payload fanned out to many
 * sockets is serialised once.
 */
public interface WireFormat {

  /** Reads one client text. Never throws, never returns null. */
  ClientFrame decode(String text);

  /** The answer to a successful authentication; {@code dataJson} describes the connection. */
  String connected(String connectionId, String dataJson);

  /**
   * The answer to a successful authentication of a protocol that resumes by private session id
   * ({@link #sessionResumption()}), with the ids to give the client; {@code identity} is null when
   * there are none (recovery off, the stream store unavailable). Default: {@link #connected(String,
   * String)}.
   */
  default String connected(String connectionId, String dataJson, SessionIdentity identity) {
    return connected(connectionId, dataJson);
  }

  /** The answer to a refused authentication (the socket is closed with 4401 after it). */
  String refused(Failure failure);

  /** A fatal error on an open connection (expired token, protocol violation); a close follows. */
  String connectionError(Failure failure);

  /** The answer to an accepted token refresh. */
  String refreshed(String dataJson);

  /** An event pushed to the client. */
  String event(String name, String dataJson);

  /**
   * An event pushed to the client that was kept at {@code offset} of the user's stream. Default:
   * the offset is not written ({@link #event(String, String)}).
   */
  default String event(String name, long offset, String dataJson) {
    return event(name, dataJson);
  }

  /**
   * An event pushed to the client that was kept at {@code offset} of the user's stream in {@code
   * epoch}. Default: {@link #event(String, long, String)}.
   */
  default String event(String name, String epoch, long offset, String dataJson) {
    return event(name, offset, dataJson);
  }

  /**
   * How clients of this protocol resume by private session id (Socket.IO), or null when they send
   * their stream position themselves (the native protocol). Default: null.
   */
  default SessionResumption sessionResumption() {
    return null;
  }

  /** A failed client event that asked for no reply. */
  String errorEvent(Failure failure);

  /** A success reply to request {@code id}. */
  String replyOk(long id, String dataJson);

  /** A failure reply to request {@code id}. */
  String replyError(long id, Failure failure);

  /**
   * What to write before a server-initiated close with {@code closeCode}, or {@code null} for
   * nothing. Default: nothing.
   */
  default String farewell(int closeCode) {
    return null;
  }

  /**
   * Whether an {@code Authorization: Bearer} header on the upgrade request authenticates the socket
   * at once. Default: false (the token comes in-band).
   */
  default boolean headerAuthentication() {
    return false;
  }
}
