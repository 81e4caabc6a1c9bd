package io.realtimekit.application.conversation;

import io.realtimekit.application.Checks;
import io.realtimekit.application.bus.Query;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.UserId;
import io.realtimekit.domain.conversation.Conversation;
import java.util.List;

/**
 * The open conversations a user of a company takes part in.
 *
 * @param companyId the company
 * @param userId the participant
 */
public record ListConversations(CompanyId companyId, UserId userId)
    implements Query<List<Conversation>> {
  /** Validates. */
  public ListConversations {
    Checks.required(companyId, "companyId");
    Checks.required(userId, "userId");
  }
}
