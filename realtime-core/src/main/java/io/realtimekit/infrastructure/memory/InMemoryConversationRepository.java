package io.realtimekit.infrastructure.memory;

import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.ErrorCode;
import io.realtimekit.domain.Result;
import io.realtimekit.domain.UserId;
import io.realtimekit.domain.conversation.Conversation;
import io.realtimekit.domain.conversation.ConversationId;
import io.realtimekit.domain.conversation.ConversationRepository;
import io.realtimekit.domain.conversation.Participant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The default {@link ConversationRepository}: conversations by (company, id), and an index of the
 * open conversations of each (company, user). Saves are serialised by one lock (a save is a map
 * write); reads take no lock.
 */
public final class InMemoryConversationRepository implements ConversationRepository {
  private record Key(CompanyId companyId, ConversationId id) {}

  private record UserKey(CompanyId companyId, UserId userId) {}

  private final Map<Key, Conversation> conversations = new ConcurrentHashMap<>();
  private final Map<UserKey, Set<ConversationId>> openByUser = new ConcurrentHashMap<>();
  private final Object writeLock = new Object();

  /** An empty repository. */
  public InMemoryConversationRepository() {}

  @Override
  public Result<Conversation> save(Conversation conversation) {
    Objects.requireNonNull(conversation, "conversation");
    Key key = new Key(conversation.companyId(), conversation.id());
    synchronized (writeLock) {
      Conversation current = conversations.get(key);
      long stored = current == null ? 0 : current.version();
      if (stored != conversation.version()) {
        return Result.failure(ErrorCode.CONFLICT, "the conversation changed meanwhile, try again");
      }
      Conversation next = conversation.withVersion(stored + 1);
      if (current != null) {
        for (Participant p : current.participants()) {
          unindex(new UserKey(key.companyId(), p.userId()), key.id());
        }
      }
      if (next.isOpen()) {
        for (Participant p : next.participants()) {
          openByUser
              .computeIfAbsent(
                  new UserKey(key.companyId(), p.userId()), k -> ConcurrentHashMap.newKeySet())
              .add(key.id());
        }
      }
      conversations.put(key, next);
      return Result.ok(next);
    }
  }

  private void unindex(UserKey user, ConversationId id) {
    openByUser.computeIfPresent(
        user,
        (k, ids) -> {
          ids.remove(id);
          return ids.isEmpty() ? null : ids;
        });
  }

  @Override
  public Optional<Conversation> find(CompanyId companyId, ConversationId id) {
    return Optional.ofNullable(conversations.get(new Key(companyId, id)));
  }

  @Override
  public List<Conversation> openOf(CompanyId companyId, UserId userId) {
    Set<ConversationId> ids = openByUser.get(new UserKey(companyId, userId));
    if (ids == null) {
      return List.of();
    }
    List<Conversation> out = new ArrayList<>(ids.size());
    for (ConversationId id : List.copyOf(ids)) {
      Conversation c = conversations.get(new Key(companyId, id));
      if (c != null && c.isOpen() && c.isParticipant(userId)) {
        out.add(c);
      }
    }
    return out;
  }
}
