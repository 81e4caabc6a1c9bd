package io.realtimekit.application.conversation;

import io.realtimekit.application.Checks;
import io.realtimekit.application.bus.Command;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.UserId;
import io.realtimekit.domain.conversation.Conversation;
import io.realtimekit.domain.conversation.ConversationId;

/**
 * A message from a participant to every socket of every participant of the conversation (the
 * sender's other sockets included), on every node; raises {@code ConversationMessageSent}.
 *
 * @param companyId the sender's company
 * @param conversationId the conversation
 * @param from the sender
 * @param message the text, 1 to {@value Conversation#MAX_MESSAGE_LENGTH} characters
 */
public record SendConversationMessage(
    CompanyId companyId, ConversationId conversationId, UserId from, String message)
    implements Command<ConversationMessageReceipt> {
  /** Validates. */
  public SendConversationMessage {
    Checks.required(companyId, "companyId");
    Checks.required(conversationId, "conversationId");
    Checks.required(from, "from");
    Conversation.checkMessage(message);
  }
}
