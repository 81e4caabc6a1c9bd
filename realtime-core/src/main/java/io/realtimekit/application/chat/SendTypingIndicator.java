package io.realtimekit.application.chat;

import io.realtimekit.application.Checks;
import io.realtimekit.application.bus.Command;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Done;
import io.realtimekit.domain.UserId;

/**
 * Tells a user that another is typing (or stopped). Transient: dropped rather than queued when the
 * receiver's socket is under pressure.
 *
 * @param from who types
 * @param companyId its company
 * @param to who is told
 * @param typing whether typing started or stopped
 */
public record SendTypingIndicator(UserId from, CompanyId companyId, UserId to, boolean typing)
    implements Command<Done> {
  /** Validates. */
  public SendTypingIndicator {
    Checks.required(from, "from");
    Checks.required(companyId, "companyId");
    Checks.required(to, "to");
  }
}
