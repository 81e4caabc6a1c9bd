package io.realtimekit.application.conversation;

import io.realtimekit.application.Checks;
import io.realtimekit.application.bus.Command;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.UserId;
import io.realtimekit.domain.conversation.Conversation;
import io.realtimekit.domain.conversation.ConversationId;

/**
 * Removes a participant; raises {@code ParticipantRemoved} and pushes {@code conversation:leave} to
 * every participant, the leaving one included. It receives nothing of the conversation afterwards.
 *
 * @param companyId the company of the conversation
 * @param conversationId the conversation
 * @param userId who leaves
 */
public record RemoveParticipant(CompanyId companyId, ConversationId conversationId, UserId userId)
    implements Command<Conversation> {
  /** Validates. */
  public RemoveParticipant {
    Checks.required(companyId, "companyId");
    Checks.required(conversationId, "conversationId");
    Checks.required(userId, "userId");
  }
}
