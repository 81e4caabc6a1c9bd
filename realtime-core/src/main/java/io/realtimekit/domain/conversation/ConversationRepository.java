package io.realtimekit.domain.conversation;

import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Result;
import io.realtimekit.domain.UserId;
import java.util.List;
import java.util.Optional;

/**
 * Where conversations live. Every lookup is scoped to one company: a conversation of company A is
 * never found through company B, whatever its id.
 *
 * <p>Contract (the {@code ConversationRepositoryContract} suite checks it): thread-safe; {@link
 * #save} is an optimistic compare-and-set on {@link Conversation#version()} that is atomic with
 * respect to every writer of the store (other nodes included); {@link #openOf} answers only open
 * conversations the user takes part in now.
 */
public interface ConversationRepository {

  /**
   * Stores {@code conversation} if the stored version is still {@link Conversation#version()} (0:
   * not stored yet).
   *
   * @return the conversation as stored, at the next version; or {@code CONFLICT} when another
   *     writer changed it first (read it again and retry)
   */
  Result<Conversation> save(Conversation conversation);

  /** The conversation {@code id} of {@code companyId}, at its stored version. */
  Optional<Conversation> find(CompanyId companyId, ConversationId id);

  /** The open conversations of {@code companyId} that {@code userId} takes part in. */
  List<Conversation> openOf(CompanyId companyId, UserId userId);
}
