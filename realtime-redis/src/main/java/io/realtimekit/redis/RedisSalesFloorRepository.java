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
import io.realtimekit.domain.assignment.SalesFloor;
import io.realtimekit.domain.assignment.SalesFloorRepository;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The {@link SalesFloorRepository} of a cluster: one hash per company holding the floor as JSON and
 * a version. {@link #update} is optimistic: read floor and version, apply the change, store it only
 * if the version is unchanged (a compare-and-set script), otherwise apply it again on the fresher
 * floor; so a visitor is never assigned twice nor a commercial overfilled, whatever node makes the
 * change.
 *
 * <p>When Redis cannot be reached, {@link #load} answers with the floor this node saw last (for the
 * chat policy) and changes fail with {@code UNAVAILABLE}.
 */
public final class RedisSalesFloorRepository implements SalesFloorRepository {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_ATTEMPTS = 100;

  private final RedisClusterCommands<String, String> redis;
  private final Keys keys;
  private final Map<CompanyId, SalesFloor> lastSeen = new ConcurrentHashMap<>();

  /**
   * @param connection a connection shared by the engine
   * @param keyPrefix the prefix of every key
   */
  public RedisSalesFloorRepository(
      StatefulRedisConnection<String, String> connection, String keyPrefix) {
    this(RedisAccess.of(connection), keyPrefix);
  }

  /** Over a standalone Redis or a Redis Cluster. */
  RedisSalesFloorRepository(RedisAccess access, String keyPrefix) {
    this.redis = access.sync();
    this.keys = new Keys(keyPrefix);
  }

  private record Versioned(SalesFloor floor, String version) {}

  private Versioned read(CompanyId companyId) {
    Map<String, String> h = redis.hgetall(keys.floor(companyId));
    if (h == null || !h.containsKey("f")) {
      return new Versioned(SalesFloor.empty(companyId), "0");
    }
    try {
      SalesFloor f =
          SalesFloor.fromPrimitives(JSON.readValue(h.get("f"), SalesFloor.Primitives.class));
      return new Versioned(f, h.get("v"));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable floor of company " + companyId, e);
    }
  }

  @Override
  public SalesFloor load(CompanyId companyId) {
    try {
      SalesFloor f = read(companyId).floor();
      lastSeen.put(companyId, f);
      return f;
    } catch (RedisException e) {
      SalesFloor f = lastSeen.get(companyId);
      if (f != null) {
        return f;
      }
      throw unavailable(e);
    }
  }

  @Override
  public void save(SalesFloor floor) {
    update(floor.companyId(), f -> Result.ok(new SalesFloor.Change(floor, List.of())));
  }

  @Override
  public Result<SalesFloor.Change> update(
      CompanyId companyId, Function<SalesFloor, Result<SalesFloor.Change>> change) {
    try {
      for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        Versioned current = read(companyId);
        Result<SalesFloor.Change> result = change.apply(current.floor());
        if (!result.isOk()) {
          return result;
        }
        SalesFloor next = result.value().floor();
        if (next == current.floor()) {
          return result;
        }
        String json = next.isEmpty() ? "" : JSON.writeValueAsString(next.toPrimitives());
        Long stored =
            redis.eval(
                Scripts.CAS_FLOOR,
                ScriptOutputType.INTEGER,
                new String[] {keys.floor(companyId)},
                current.version(),
                json);
        if (stored != null && stored == 1L) {
          lastSeen.put(companyId, next);
          return result;
        }
        Thread.onSpinWait();
      }
      return Result.failure(ErrorCode.CONFLICT, "the sales floor is too busy, try again");
    } catch (RedisException e) {
      throw unavailable(e);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static DomainException unavailable(RedisException e) {
    return new DomainException(
        ErrorCode.UNAVAILABLE, "the cluster store is unreachable: " + e.getMessage());
  }
}
