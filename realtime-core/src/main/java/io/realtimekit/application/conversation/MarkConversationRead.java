package io.realtimekit.application.conversation;

import io.realtimekit.application.Checks;
import io.realtimekit.application.bus.Command;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Done;
import io.realtimekit.domain.UserId;
import io.realtimekit.domain.conversation.Conversation;
import io.realtimekit.domain.conversation.ConversationId;

/**
 * A participant read the conversation up to a message; stored as its read state, raises {@code
 * ConversationRead} and is pushed to the other participants.
 *
 * @param companyId the reader's company
 * @param conversationId the conversation
 * @param by the reader
 * @param upTo the id of the last message read
 */
public record MarkConversationRead(
    CompanyId companyId, ConversationId conversationId, UserId by, String upTo)
    implements Command<Done> {
  /** Validates. */
  public MarkConversationRead {
    Checks.required(companyId, "companyId");
    Checks.required(conversationId, "conversationId");
    Checks.required(by, "by");
    Conversation.checkMessageId(upTo);
  }
}
