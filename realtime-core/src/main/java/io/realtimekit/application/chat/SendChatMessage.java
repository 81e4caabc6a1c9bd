package io.realtimekit.application.chat;

import io.realtimekit.application.Checks;
import io.realtimekit.application.bus.Command;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.DomainException;
import io.realtimekit.domain.UserId;

/**
 * A direct chat message from one user to every socket of another user of the same company.
 *
 * @param from the sender
 * @param companyId the sender's company
 * @param to the receiver
 * @param message the text, 1 to {@value #MAX_LENGTH} characters
 */
public record SendChatMessage(UserId from, CompanyId companyId, UserId to, String message)
    implements Command<ChatMessageReceipt> {
  /** Longest message accepted. */
  public static final int MAX_LENGTH = 16_384;

  /** Validates. */
  public SendChatMessage {
    Checks.required(from, "from");
    Checks.required(companyId, "companyId");
    Checks.required(to, "to");
    if (message == null || message.isEmpty()) {
      throw DomainException.invalid("message must not be empty");
    }
    if (message.length() > MAX_LENGTH) {
      throw DomainException.invalid("message must be at most " + MAX_LENGTH + " characters");
    }
  }
}
