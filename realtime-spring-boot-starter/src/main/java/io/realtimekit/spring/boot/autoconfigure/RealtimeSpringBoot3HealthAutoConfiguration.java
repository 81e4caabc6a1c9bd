package io.realtimekit.spring.boot.autoconfigure;

import io.realtimekit.Realtime;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@code realtime} health contributor on Spring Boot 3.5 ({@link
 * RealtimeSpringBoot3HealthIndicator}); it never matches on Spring Boot 4, whose Actuator has no
 * {@code org.springframework.boot.actuate.health} package ({@link RealtimeHealthAutoConfiguration}
 * serves it there).
 */
@AutoConfiguration(
    after = {
      RealtimeAutoConfiguration.class,
      RealtimeRedisAutoConfiguration.class,
      RealtimeHealthAutoConfiguration.class
    })
@ConditionalOnClass({HealthIndicator.class, Realtime.class})
@ConditionalOnBean(Realtime.class)
public class RealtimeSpringBoot3HealthAutoConfiguration {

  /** Creates the auto-configuration; Spring calls it. */
  public RealtimeSpringBoot3HealthAutoConfiguration() {}

  /** Named {@code realtimeHealthIndicator}, so the contributor is {@code realtime}. */
  @Bean
  @ConditionalOnMissingBean(name = "realtimeHealthIndicator")
  public RealtimeSpringBoot3HealthIndicator realtimeHealthIndicator(
      Realtime realtime, ObjectProvider<ClusterNode> cluster) {
    return new RealtimeSpringBoot3HealthIndicator(realtime, cluster.getIfAvailable() != null);
  }
}
