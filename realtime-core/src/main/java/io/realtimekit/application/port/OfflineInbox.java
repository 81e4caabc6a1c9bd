package io.realtimekit.application.port;

import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.UserId;
import java.util.List;
import java.util.Optional;

/**
 * The offline inbox: chat messages kept for receivers that had no socket when they were sent (the
 * opt-in {@code keep} offline policy), until the receiver acknowledges them ({@code
 * chat:delivered}), they expire ({@link InboxLimits#ttl()}) or a newer message pushes them out
 * ({@link InboxLimits#maxMessages()}). A store is built with its limits and the node's clock.
 *
 * <p>Contract, checked by the {@code OfflineInboxContract} suite:
 *
 * <ul>
 *   <li>Tenant isolation: an inbox is keyed by (company, user); a read, a removal or an expiry of
 *       one never touches another's, even with the same user id or message id.
 *   <li>Order: {@link #list} gives a user's messages oldest first by {@code sentAt} (a store may
 *       order messages of the same instant, or of the same microsecond, as it likes), without those
 *       past their TTL; a message expires when {@code sentAt + ttl} is reached.
 *   <li>Cap: {@link #keep} never leaves more than {@code maxMessages} in an inbox; it removes the
 *       oldest and returns them, so each message pushed out is reported once.
 *   <li>Expiry: {@link #expire} removes messages past their TTL, of any user, and returns them;
 *       each message is returned by at most one call, whatever the number of nodes sweeping.
 *   <li>Removal: {@link #remove} removes one message and returns it only when it was there, so two
 *       acknowledgements of one message remove it once.
 *   <li>Thread-safe; methods may block on a remote store and throw {@link IllegalStateException}
 *       (or a subclass, such as a Redis client's exception) when it cannot be reached.
 * </ul>
 */
public interface OfflineInbox {

  /**
   * Keeps {@code message} in the inbox of ({@code message.companyId()}, {@code message.to()}).
   *
   * @return the messages pushed out by the cap to make room, oldest first (usually none)
   */
  List<InboxMessage> keep(InboxMessage message);

  /** The user's messages not yet expired, oldest first, at most {@code maxCount}. */
  List<InboxMessage> list(CompanyId companyId, UserId userId, int maxCount);

  /** Removes message {@code messageId} from the user's inbox; returns it when it was there. */
  Optional<InboxMessage> remove(CompanyId companyId, UserId userId, String messageId);

  /**
   * Removes messages past their TTL, of any user, at most {@code maxCount} of them (the rest are
   * left for the next call); returns what it removed.
   */
  List<InboxMessage> expire(int maxCount);
}
