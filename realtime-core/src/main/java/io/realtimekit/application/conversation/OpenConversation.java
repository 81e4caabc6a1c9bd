package io.realtimekit.application.conversation;

import io.realtimekit.application.Checks;
import io.realtimekit.application.bus.Command;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.conversation.Conversation;
import io.realtimekit.domain.conversation.ConversationId;
import io.realtimekit.domain.conversation.Participant;
import java.util.List;

/**
 * Opens a conversation of one company with its first participants; raises {@code
 * ConversationOpened} and pushes {@code conversation:join} to them. An id already in use is refused
 * with {@code CONFLICT}.
 *
 * @param companyId the company
 * @param conversationId the new id (see {@link ConversationId#random()})
 * @param participants the first participants, with their roles (at least one)
 */
public record OpenConversation(
    CompanyId companyId, ConversationId conversationId, List<Participant> participants)
    implements Command<Conversation> {
  /** Validates. */
  public OpenConversation {
    Checks.required(companyId, "companyId");
    Checks.required(conversationId, "conversationId");
    participants = List.copyOf(Checks.required(participants, "participants"));
  }
}
