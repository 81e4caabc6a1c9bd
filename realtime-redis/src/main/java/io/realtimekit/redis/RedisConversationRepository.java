package io.realtimekit.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.DomainException;
import io.realtimekit.domain.ErrorCode;
import io.realtimekit.domain.Result;
import io.realtimekit.domain.UserId;
import io.realtimekit.domain.conversation.Conversation;
import io.realtimekit.domain.conversation.ConversationId;
import io.realtimekit.domain.conversation.ConversationRepository;
import io.realtimekit.domain.conversation.Participant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The {@link ConversationRepository} of a cluster. A conversation is one hash under its company,
 * {@code cv:{<company>:<id>}} (the braces are a hash tag: one slot per conversation), holding the
 * conversation as JSON ({@code f}) and its version ({@code v}); {@link #save} is a compare-and-set
 * script on the version. Each user has a set {@code cvu:<company>:<user>} of the ids of its open
 * conversations.
 *
 * <p>The index is kept a superset of the truth without a multi-key script: ids are added before the
 * compare-and-set and again after it; an id is removed after it, then the conversation is read
 * again and the id put back if the user is in it once more (a concurrent writer re-added it).
 * {@link #openOf} checks every id against its conversation, so a stale id is never answered.
 *
 * <p>When Redis cannot be reached, every call fails with a {@link DomainException} {@code
 * UNAVAILABLE}.
 */
public final class RedisConversationRepository implements ConversationRepository {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RedisClusterCommands<String, String> redis;
  private final Keys keys;

  /**
   * @param connection a connection shared by the engine
   * @param keyPrefix the prefix of every key
   */
  public RedisConversationRepository(
      StatefulRedisConnection<String, String> connection, String keyPrefix) {
    this(RedisAccess.of(connection), keyPrefix);
  }

  /** Over a standalone Redis or a Redis Cluster. */
  RedisConversationRepository(RedisAccess access, String keyPrefix) {
    this.redis = access.sync();
    this.keys = new Keys(keyPrefix);
  }

  @Override
  public Result<Conversation> save(Conversation conversation) {
    Objects.requireNonNull(conversation, "conversation");
    CompanyId company = conversation.companyId();
    try {
      long next = conversation.version() + 1;
      Conversation stored = conversation.withVersion(next);
      Set<UserId> now = conversation.isOpen() ? userIds(conversation) : Set.of();
      for (UserId u : now) {
        redis.sadd(keys.userConversations(company, u), conversation.id().value());
      }
      String old =
          redis.eval(
              Scripts.CAS_CONVERSATION,
              ScriptOutputType.VALUE,
              new String[] {keys.conversation(company, conversation.id().value())},
              Long.toString(conversation.version()),
              JSON.writeValueAsString(stored.toPrimitives()));
      if (old == null) {
        return Result.failure(ErrorCode.CONFLICT, "the conversation changed meanwhile, try again");
      }
      for (UserId u : now) {
        redis.sadd(keys.userConversations(company, u), conversation.id().value());
      }
      if (!old.isEmpty()) {
        Set<UserId> gone = userIds(parse(old));
        gone.removeAll(now);
        for (UserId u : gone) {
          unindex(company, conversation.id(), u);
        }
      }
      return Result.ok(stored);
    } catch (RedisException e) {
      throw unavailable(e);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public Optional<Conversation> find(CompanyId companyId, ConversationId id) {
    try {
      return read(companyId, id);
    } catch (RedisException e) {
      throw unavailable(e);
    }
  }

  @Override
  public List<Conversation> openOf(CompanyId companyId, UserId userId) {
    try {
      Set<String> ids = redis.smembers(keys.userConversations(companyId, userId));
      List<Conversation> out = new ArrayList<>(ids.size());
      for (String id : ids) {
        ConversationId cid = ConversationId.of(id);
        Optional<Conversation> c = read(companyId, cid);
        if (c.isPresent() && c.get().isOpen() && c.get().isParticipant(userId)) {
          out.add(c.get());
        } else {
          unindex(companyId, cid, userId);
        }
      }
      return out;
    } catch (RedisException e) {
      throw unavailable(e);
    }
  }

  /**
   * Removes the id from the user's index, and puts it back if a concurrent writer re-added the
   * user.
   */
  private void unindex(CompanyId company, ConversationId id, UserId user) {
    String key = keys.userConversations(company, user);
    redis.srem(key, id.value());
    Optional<Conversation> again = read(company, id);
    if (again.isPresent() && again.get().isOpen() && again.get().isParticipant(user)) {
      redis.sadd(key, id.value());
    }
  }

  private Optional<Conversation> read(CompanyId companyId, ConversationId id) {
    Map<String, String> h = redis.hgetall(keys.conversation(companyId, id.value()));
    if (h == null || !h.containsKey("f")) {
      return Optional.empty();
    }
    Conversation c = parse(h.get("f")).withVersion(Long.parseLong(h.get("v")));
    // the key carries the company; checking it again costs nothing and keeps tenants apart
    return c.companyId().equals(companyId) ? Optional.of(c) : Optional.empty();
  }

  private static Conversation parse(String json) {
    try {
      return Conversation.fromPrimitives(JSON.readValue(json, Conversation.Primitives.class));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable conversation", e);
    }
  }

  private static Set<UserId> userIds(Conversation c) {
    Set<UserId> out = new HashSet<>();
    for (Participant p : c.participants()) {
      out.add(p.userId());
    }
    return out;
  }

  private static DomainException unavailable(RedisException e) {
    return new DomainException(
        ErrorCode.UNAVAILABLE, "the cluster store is unreachable: " + e.getMessage());
  }
}
