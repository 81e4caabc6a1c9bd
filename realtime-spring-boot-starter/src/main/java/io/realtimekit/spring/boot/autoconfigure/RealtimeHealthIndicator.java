package io.realtimekit.spring.boot.autoconfigure;

import io.realtimekit.Realtime;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The {@code realtime} health contributor on Spring Boot 4: {@code UP} while the Realtime runs,
 * with its node id, the sockets open (native and Socket.IO), whether assignment is on and whether
 * it runs in cluster mode; {@code DOWN} once it is stopped (or before it started).
 *
 * <p>It does not probe the repository or Redis: neither {@code ConnectionRepository} nor {@code
 * RedisClusterEngine} offers a health or connectivity call to ask.
 */
public final class RealtimeHealthIndicator extends AbstractHealthIndicator {
  private final RealtimeHealth health;

  /** A health indicator for {@code realtime}; {@code cluster} is whether it runs on Redis. */
  public RealtimeHealthIndicator(Realtime realtime, boolean cluster) {
    super("realtime health check failed");
    this.health = new RealtimeHealth(realtime, cluster);
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    (health.up() ? builder.up() : builder.down()).withDetails(health.details());
  }
}
