package io.realtimekit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.realtimekit.Realtime;
import io.realtimekit.RealtimeBuilder;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.NodeId;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import io.realtimekit.domain.assignment.AssignmentPolicy;
import io.realtimekit.domain.event.DomainEvent;
import io.realtimekit.infrastructure.auth.HmacTokenIssuer;
import io.realtimekit.infrastructure.auth.JwtTokenVerifier;
import io.realtimekit.testing.InMemoryConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/** One node of a test cluster: an engine, its Realtime, and the domain events it raised. */
final class ClusterNode implements AutoCloseable {
  static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
  static final HmacTokenIssuer ISSUER = new HmacTokenIssuer(SECRET);

  final RedisClusterEngine engine;
  final Realtime realtime;
  final List<DomainEvent> events = new CopyOnWriteArrayList<>();

  ClusterNode(
      String redisUri,
      String nodeId,
      String prefix,
      Duration lease,
      Duration grace,
      AssignmentPolicy policy) {
    this(redisUri, nodeId, prefix, lease, grace, policy, Duration.ofMillis(500), b -> {});
  }

  /**
   * With {@code commandTimeout}: a cold child JVM on a loaded machine needs more than 500 ms to
   * connect.
   */
  ClusterNode(
      String redisUri,
      String nodeId,
      String prefix,
      Duration lease,
      Duration grace,
      AssignmentPolicy policy,
      Duration commandTimeout) {
    this(redisUri, nodeId, prefix, lease, grace, policy, commandTimeout, b -> {});
  }

  ClusterNode(
      String redisUri,
      String nodeId,
      String prefix,
      Duration lease,
      Duration grace,
      AssignmentPolicy policy,
      java.util.function.Consumer<RealtimeBuilder> customizer) {
    this(redisUri, nodeId, prefix, lease, grace, policy, Duration.ofMillis(500), customizer);
  }

  ClusterNode(
      String redisUri,
      String nodeId,
      String prefix,
      Duration lease,
      Duration grace,
      AssignmentPolicy policy,
      Duration commandTimeout,
      java.util.function.Consumer<RealtimeBuilder> customizer) {
    engine =
        connect(
            RedisClusterEngine.builder()
                .redisUri(redisUri)
                .nodeId(NodeId.of(nodeId))
                .keyPrefix(prefix)
                .leaseTtl(lease)
                .commandTimeout(commandTimeout));
    RealtimeBuilder b =
        engine.configure(
            Realtime.builder()
                .tokenVerifier(JwtTokenVerifier.hmac(SECRET).build())
                .gracePeriod(grace));
    customizer.accept(b);
    if (policy != null) {
      b.assignment(policy);
    }
    realtime = b.build();
    realtime.subscribe(DomainEvent.class, events::add);
    engine.start(realtime);
    realtime.start();
  }

  InMemoryConnection connect(String user, CompanyId company, Role role) {
    return connect(user, company, role, Map.of());
  }

  InMemoryConnection connect(
      String user, CompanyId company, Role role, Map<String, Object> claims) {
    InMemoryConnection c = InMemoryConnection.open(realtime.transport());
    String token =
        ISSUER.issue(UserId.of(user), company, Set.of(role), Duration.ofHours(1), claims);
    c.receive("{\"type\":\"connect\",\"token\":\"" + token + "\"}");
    JsonNode first = c.frames().get(0);
    assertThat(first.path("type").asText())
        .as("first frame for %s: %s", user, first)
        .isEqualTo("connected");
    return c;
  }

  <E extends DomainEvent> List<E> events(Class<E> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  @Override
  public void close() {
    engine.close();
  }

  /**
   * Builds the engine, trying again (at most 5 times) when the first connection's handshake misses
   * a short command timeout: a fresh JVM on a loaded machine can take longer than 500 ms to run it.
   */
  private static RedisClusterEngine connect(RedisClusterEngine.Builder builder) {
    for (int attempt = 1; ; attempt++) {
      try {
        return builder.build();
      } catch (io.lettuce.core.RedisConnectionException e) {
        if (attempt == 5) {
          throw e;
        }
      }
    }
  }
}
