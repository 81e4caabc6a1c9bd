package io.realtimekit.application.conversation;

import io.realtimekit.application.Checks;
import io.realtimekit.application.bus.Command;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Done;
import io.realtimekit.domain.UserId;
import io.realtimekit.domain.conversation.ConversationId;

/**
 * Tells the other participants that {@code from} is typing (or stopped). Transient: dropped rather
 * than queued when a socket is under pressure.
 *
 * @param companyId the sender's company
 * @param conversationId the conversation
 * @param from who types
 * @param typing whether typing started or stopped
 */
public record SendConversationTyping(
    CompanyId companyId, ConversationId conversationId, UserId from, boolean typing)
    implements Command<Done> {
  /** Validates. */
  public SendConversationTyping {
    Checks.required(companyId, "companyId");
    Checks.required(conversationId, "conversationId");
    Checks.required(from, "from");
  }
}
