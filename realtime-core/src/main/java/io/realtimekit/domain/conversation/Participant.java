package io.realtimekit.domain.conversation;

import io.realtimekit.domain.DomainException;
import io.realtimekit.domain.UserId;

/**
 * A user taking part in a conversation, with its role in it.
 *
 * @param userId the user
 * @param role its part in the conversation
 */
public record Participant(UserId userId, ParticipantRole role) {
  /** Requires both. */
  public Participant {
    if (userId == null || role == null) {
      throw DomainException.invalid("a participant needs a userId and a role");
    }
  }
}
