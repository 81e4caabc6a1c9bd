package io.realtimekit.application.conversation;

import io.realtimekit.application.Checks;
import io.realtimekit.application.bus.Command;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.UserId;
import io.realtimekit.domain.conversation.Conversation;
import io.realtimekit.domain.conversation.ConversationId;
import io.realtimekit.domain.conversation.ParticipantRole;

/**
 * Adds a participant to a conversation (or changes its role); raises {@code ParticipantAdded} and
 * pushes {@code conversation:join} to every participant.
 *
 * @param companyId the company of the conversation
 * @param conversationId the conversation
 * @param userId who joins
 * @param role its role in the conversation
 */
public record AddParticipant(
    CompanyId companyId, ConversationId conversationId, UserId userId, ParticipantRole role)
    implements Command<Conversation> {
  /** Validates. */
  public AddParticipant {
    Checks.required(companyId, "companyId");
    Checks.required(conversationId, "conversationId");
    Checks.required(userId, "userId");
    Checks.required(role, "role");
  }
}
