package io.realtimekit.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import io.realtimekit.domain.Failure;
import java.util.Objects;
import java.util.OptionalLong;

/** A decoded frame from a client, whatever its wire protocol ({@link WireFormat}). */
public sealed interface ClientFrame {

  /**
   * {@code {"type":"connect","token":"...","recover":{"epoch":"...","offset":N}}}: first-frame
   * authentication, optionally asking to recover the user's stream after a position.
   *
   * @param token the bearer token (never logged)
   * @param recover the position to recover after, or null for none
   * @param recoverError why a {@code recover} given could not be read, or null
   * @param resume a private session id and offset to recover by (Socket.IO), or null
   */
  record Connect(String token, Recover recover, String recoverError, Resume resume)
      implements ClientFrame {
    /** Requires the token. */
    public Connect {
      Objects.requireNonNull(token, "token");
    }

    /** A connect without recovery. */
    public Connect(String token) {
      this(token, null, null, null);
    }

    /** A connect recovering by position (the native protocol), or not at all. */
    public Connect(String token, Recover recover, String recoverError) {
      this(token, recover, recoverError, null);
    }

    @Override
    public String toString() {
      return "Connect[token=<redacted>, recover="
          + recover
          + ", recoverError="
          + recoverError
          + ", resume="
          + resume
          + "]";
    }
  }

  /**
   * Socket.IO's connection state recovery: the private session id a reconnecting client got at its
   * previous connect and the offset text of the last kept event it received, as sent (checked
   * against the user's own stream only, see {@link SessionResumption}).
   *
   * @param pid the private session id (never logged)
   * @param offset the last offset text received, null when none came since the pid was given, empty
   *     when one was sent that is not a string
   */
  record Resume(String pid, String offset) {
    /** Requires the pid. */
    public Resume {
      Objects.requireNonNull(pid, "pid");
    }

    @Override
    public String toString() {
      return "Resume[pid=<redacted>, offset=" + offset + "]";
    }
  }

  /**
   * A position a reconnecting client asks to recover after, as the client sent it (checked against
   * the user's own stream only).
   *
   * @param epoch the epoch it last saw (1 to 64 characters)
   * @param offset the offset of the last kept event it received, from 0
   */
  record Recover(String epoch, long offset) {
    /** Requires the epoch. */
    public Recover {
      Objects.requireNonNull(epoch, "epoch");
    }
  }

  /**
   * {@code {"type":"refresh","token":"..."}}: a new token for an open connection.
   *
   * @param token the bearer token (never logged)
   */
  record Refresh(String token) implements ClientFrame {
    /** Requires the token. */
    public Refresh {
      Objects.requireNonNull(token, "token");
    }

    @Override
    public String toString() {
      return "Refresh[token=<redacted>]";
    }
  }

  /**
   * {@code {"event":"chat:message","data":{...},"id":12}}: a client event, asking for a reply when
   * {@code id} is present.
   *
   * @param event the event name
   * @param data its payload ({@code null} JSON when absent)
   * @param id the request id, when a reply is wanted
   */
  record Event(String event, JsonNode data, OptionalLong id) implements ClientFrame {
    /** Requires every component. */
    public Event {
      Objects.requireNonNull(event, "event");
      Objects.requireNonNull(data, "data");
      Objects.requireNonNull(id, "id");
    }
  }

  /**
   * A frame that could not be accepted.
   *
   * @param failure what is wrong, for the error reply
   * @param id the request id, when the frame was readable enough to carry one
   * @param fatal true when the frame is not of this protocol at all (unknown type, not an object):
   *     the connection is closed with {@link CloseCodes#PROTOCOL_VIOLATION}
   */
  record Invalid(Failure failure, OptionalLong id, boolean fatal) implements ClientFrame {
    /** Requires every component. */
    public Invalid {
      Objects.requireNonNull(failure, "failure");
      Objects.requireNonNull(id, "id");
    }
  }

  /** The client ends its session (Socket.IO {@code DISCONNECT}); the socket is closed normally. */
  record Leave() implements ClientFrame {}

  /**
   * The client acknowledges event {@code id} sent by the server (Socket.IO {@code ACK}). The server
   * asks for no acknowledgement, so sessions ignore it.
   *
   * @param id the acknowledged id
   */
  record Ack(long id) implements ClientFrame {}
}
