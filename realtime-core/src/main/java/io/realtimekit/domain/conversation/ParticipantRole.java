package io.realtimekit.domain.conversation;

import io.realtimekit.domain.DomainException;
import java.util.Locale;

/**
 * The part a user plays in one conversation (not its role in the company): the visitor the
 * conversation is with, an agent answering it, or an observer (a supervisor) who receives
 * everything and sends only when the host allows it.
 */
public enum ParticipantRole {
  /** The website visitor the conversation is with. */
  VISITOR,
  /** A commercial taking part. */
  AGENT,
  /** Receives everything; may not send unless the host allows observers to. */
  OBSERVER;

  /** The name on the wire: {@code visitor}, {@code agent} or {@code observer}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The role named {@code name} on the wire (case-insensitive).
   *
   * @throws DomainException ({@code INVALID_ARGUMENT}) for any other name
   */
  public static ParticipantRole fromWire(String name) {
    if (name != null) {
      for (ParticipantRole r : values()) {
        if (r.name().equalsIgnoreCase(name)) {
          return r;
        }
      }
    }
    throw DomainException.invalid("role must be one of visitor, agent, observer");
  }
}
