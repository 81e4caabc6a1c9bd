package io.realtimekit.spring.boot.autoconfigure;

import io.realtimekit.Realtime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the {@code realtime} health contributor reports, independent of the Spring Boot generation
 * that shows it ({@link RealtimeHealthIndicator} on Spring Boot 4, {@link
 * RealtimeSpringBoot3HealthIndicator} on 3.5): up while the Realtime runs, and its details.
 *
 * <p>It does not probe the repository or Redis: neither {@code ConnectionRepository} nor {@code
 * RedisClusterEngine} offers a health or connectivity call to ask.
 */
final class RealtimeHealth {
  private final Realtime realtime;
  private final boolean cluster;

  RealtimeHealth(Realtime realtime, boolean cluster) {
    this.realtime = Objects.requireNonNull(realtime, "realtime");
    this.cluster = cluster;
  }

  boolean up() {
    return realtime.isRunning();
  }

  /** nodeId, connections, socketIoConnections, assignment, mode. */
  Map<String, Object> details() {
    boolean running = realtime.isRunning();
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("nodeId", realtime.nodeId().value());
    details.put("connections", running ? realtime.transport().openConnections() : 0);
    details.put(
        "socketIoConnections", running ? realtime.socketIoTransport().openConnections() : 0);
    details.put("assignment", realtime.isAssignmentEnabled());
    details.put("mode", cluster ? "cluster (redis)" : "single node");
    return details;
  }
}
