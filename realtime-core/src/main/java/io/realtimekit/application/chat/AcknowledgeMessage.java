package io.realtimekit.application.chat;

import io.realtimekit.application.Checks;
import io.realtimekit.application.bus.Command;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.DomainException;
import io.realtimekit.domain.Done;
import io.realtimekit.domain.UserId;

/**
 * The receiver of a chat message says it was delivered to or read on its device; relayed to the
 * sender as {@code chat:delivered} or {@code chat:read}. Only the message's receiver may
 * acknowledge it.
 *
 * @param by the receiver acknowledging
 * @param companyId its company
 * @param messageId the server-set id of the message
 * @param read true for read, false for delivered
 */
public record AcknowledgeMessage(UserId by, CompanyId companyId, String messageId, boolean read)
    implements Command<Done> {
  /** Validates. */
  public AcknowledgeMessage {
    Checks.required(by, "by");
    Checks.required(companyId, "companyId");
    if (messageId == null || messageId.isBlank() || messageId.length() > 64) {
      throw DomainException.invalid("id must be a message id of 1 to 64 characters");
    }
  }
}
