package io.realtimekit.spring.boot.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.realtimekit.Realtime;
import io.realtimekit.application.port.RealtimeMetrics;
import io.realtimekit.micrometer.MicrometerRealtimeMetrics;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The core's {@link RealtimeMetrics} on the application's Micrometer {@link MeterRegistry} ({@code
 * realtime.connections.open}, {@code realtime.connects}, {@code realtime.refusals}, {@code
 * realtime.events.in}, {@code realtime.delivery}...), when Micrometer is on the classpath and the
 * application has a registry (Actuator gives one). The only class of the starter that names the
 * Micrometer binding.
 */
@AutoConfiguration(
    before = RealtimeAutoConfiguration.class,
    afterName = {
      // Spring Boot 4
      "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
      // Spring Boot 3
      "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
      "org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration"
    })
@ConditionalOnClass({MeterRegistry.class, MicrometerRealtimeMetrics.class, Realtime.class})
@ConditionalOnBooleanProperty(name = "realtime.enabled", matchIfMissing = true)
@ConditionalOnBean(MeterRegistry.class)
public class RealtimeMetricsAutoConfiguration {

  /** Creates the auto-configuration; Spring calls it. */
  public RealtimeMetricsAutoConfiguration() {}

  /** The meters, registered on {@code registry}; the Realtime is built with them. */
  @Bean
  @ConditionalOnMissingBean(RealtimeMetrics.class)
  public MicrometerRealtimeMetrics realtimeMicrometerMetrics(MeterRegistry registry) {
    return new MicrometerRealtimeMetrics(registry);
  }

  /** The {@code realtime.connections.open} gauge on the Realtime's sockets. */
  @Bean
  @ConditionalOnBean(MicrometerRealtimeMetrics.class)
  public SmartInitializingSingleton realtimeConnectionsGauge(
      MicrometerRealtimeMetrics metrics, ObjectProvider<Realtime> realtime) {
    return () -> realtime.ifAvailable(metrics::bindConnections);
  }
}
