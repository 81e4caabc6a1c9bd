package io.realtimekit.application.conversation;

import io.realtimekit.application.Checks;
import io.realtimekit.application.bus.Command;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.conversation.Conversation;
import io.realtimekit.domain.conversation.ConversationId;

/**
 * Closes a conversation; raises {@code ConversationClosed} and pushes {@code conversation:closed}
 * to its participants. Messages are refused afterwards with {@code CONFLICT}.
 *
 * @param companyId the company of the conversation
 * @param conversationId the conversation
 */
public record CloseConversation(CompanyId companyId, ConversationId conversationId)
    implements Command<Conversation> {
  /** Validates. */
  public CloseConversation {
    Checks.required(companyId, "companyId");
    Checks.required(conversationId, "conversationId");
  }
}
