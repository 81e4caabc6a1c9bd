package io.realtimekit.spring.boot.autoconfigure;

import io.realtimekit.Realtime;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code realtime} health contributor ({@link RealtimeHealthIndicator}) when Spring Boot's
 * health support is on the classpath (Actuator brings it).
 */
@AutoConfiguration(after = {RealtimeAutoConfiguration.class, RealtimeRedisAutoConfiguration.class})
@ConditionalOnClass({HealthIndicator.class, Realtime.class})
@ConditionalOnBean(Realtime.class)
public class RealtimeHealthAutoConfiguration {

  /** Creates the auto-configuration; Spring calls it. */
  public RealtimeHealthAutoConfiguration() {}

  /** Named {@code realtimeHealthIndicator}, so the contributor is {@code realtime}. */
  @Bean
  @ConditionalOnMissingBean(name = "realtimeHealthIndicator")
  public RealtimeHealthIndicator realtimeHealthIndicator(
      Realtime realtime, ObjectProvider<ClusterNode> cluster) {
    return new RealtimeHealthIndicator(realtime, cluster.getIfAvailable() != null);
  }
}
