package io.realtimekit.spring.boot.autoconfigure;

import io.realtimekit.Realtime;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * The {@code realtime} health contributor on Spring Boot 3.5 (Actuator's {@code
 * org.springframework.boot.actuate.health} API, which Spring Boot 4 moved): the same report as
 * {@link RealtimeHealthIndicator}.
 */
public final class RealtimeSpringBoot3HealthIndicator extends AbstractHealthIndicator {
  private final RealtimeHealth health;

  /** A health indicator for {@code realtime}; {@code cluster} is whether it runs on Redis. */
  public RealtimeSpringBoot3HealthIndicator(Realtime realtime, boolean cluster) {
    super("realtime health check failed");
    this.health = new RealtimeHealth(realtime, cluster);
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    (health.up() ? builder.up() : builder.down()).withDetails(health.details());
  }
}
