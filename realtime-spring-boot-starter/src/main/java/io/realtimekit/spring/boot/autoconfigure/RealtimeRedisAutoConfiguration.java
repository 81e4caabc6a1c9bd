package io.realtimekit.spring.boot.autoconfigure;

import io.realtimekit.Realtime;
import io.realtimekit.domain.ConnectionRepository;
import io.realtimekit.domain.NodeId;
import io.realtimekit.domain.assignment.SalesFloorRepository;
import io.realtimekit.redis.RedisClusterEngine;
import io.realtimekit.spring.boot.RealtimeBuilderCustomizer;
import io.realtimekit.spring.boot.RealtimeProperties;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Cluster mode on Redis, when {@code realtime-redis} is on the classpath and {@code
 * realtime.redis.url} is set: the engine's presence records and sales floors become the {@link
 * ConnectionRepository} and {@link SalesFloorRepository} beans (the in-memory ones back off), the
 * Realtime is built through {@code engine.configure(...)}, the node joins the cluster before the
 * Realtime starts and leaves it when the application stops. In this mode the engine's repositories
 * are the ones in force: an application's own repository beans are not used.
 */
@AutoConfiguration(before = RealtimeAutoConfiguration.class)
@ConditionalOnClass({RedisClusterEngine.class, Realtime.class})
@ConditionalOnBooleanProperty(name = "realtime.enabled", matchIfMissing = true)
@ConditionalOnProperty(name = "realtime.redis.url")
public class RealtimeRedisAutoConfiguration {

  /** Creates the auto-configuration; Spring calls it. */
  public RealtimeRedisAutoConfiguration() {}

  /** The engine (lease 5 s, heartbeat 1 s, key prefix {@code rtk:}); the lifecycle closes it. */
  @Bean(destroyMethod = "close")
  public RedisClusterEngine realtimeRedisClusterEngine(RealtimeProperties properties) {
    RealtimeProperties.Redis redis = properties.getRedis();
    RedisClusterEngine.Builder builder = RedisClusterEngine.builder().redisUri(redis.getUrl());
    if (redis.getNodeId() != null && !redis.getNodeId().isBlank()) {
      builder.nodeId(NodeId.of(redis.getNodeId()));
    }
    return builder.build();
  }

  /** The cluster's presence records. */
  @Bean
  public ConnectionRepository realtimeConnectionRepository(RedisClusterEngine engine) {
    return engine.repository();
  }

  /** The cluster's sales floors. */
  @Bean
  public SalesFloorRepository realtimeSalesFloorRepository(RedisClusterEngine engine) {
    return engine.salesFloors();
  }

  /** Builds the Realtime for the cluster (node id, delivery, repositories); runs last. */
  @Bean
  @Order(Ordered.LOWEST_PRECEDENCE)
  public RealtimeBuilderCustomizer realtimeRedisCustomizer(RedisClusterEngine engine) {
    return engine::configure;
  }

  /** Joins and leaves the cluster with the application. */
  @Bean
  public ClusterNode realtimeClusterNode(RedisClusterEngine engine) {
    return new ClusterNode() {
      @Override
      public void start(Realtime realtime) {
        engine.start(realtime);
      }

      @Override
      public void close() {
        engine.close();
      }
    };
  }
}
