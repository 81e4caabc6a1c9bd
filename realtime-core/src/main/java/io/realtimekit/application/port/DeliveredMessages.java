package io.realtimekit.application.port;

import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.UserId;
import java.util.Objects;
import java.util.Optional;

/**
 * Remembers which chat messages were delivered to whom, for a while, so that a delivery or read
 * receipt is accepted only from the user who really received the message, on whatever node it is
 * connected.
 *
 * <p>Contract: thread-safe; {@link #remember} never blocks the caller on the network (a remote
 * store writes asynchronously) and never throws; {@link #find} may block briefly and returns empty
 * for an unknown, expired or unreachable record; records are bounded (by count or age).
 */
public interface DeliveredMessages {

  /** Records that message {@code record.messageId()} was delivered. */
  void remember(Record record);

  /** The record of a delivered message, if still remembered. */
  Optional<Record> find(String messageId);

  /**
   * One delivered message.
   *
   * @param messageId the server-set id
   * @param companyId the company of both users
   * @param from the sender
   * @param to the receiver
   */
  record Record(String messageId, CompanyId companyId, UserId from, UserId to) {
    /** Requires every component. */
    public Record {
      Objects.requireNonNull(messageId, "messageId");
      Objects.requireNonNull(companyId, "companyId");
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
    }
  }
}
