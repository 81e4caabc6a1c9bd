package io.realtimekit.spring.boot;

import io.realtimekit.RealtimeBuilder;

/**
 * A bean that adjusts the auto-configured {@link RealtimeBuilder} before it is built, for settings
 * the properties do not cover (an {@code applicationExecutor} for a blocking repository, {@code
 * knownUserTtl}, a {@code clock}...). Customizers run in {@link org.springframework.core.Ordered}
 * order, after the properties and the overridable beans were applied.
 *
 * <pre>{@code
 * @Bean
 * RealtimeBuilderCustomizer blockingRepository(ExecutorService jdbcPool) {
 *   return builder -> builder.applicationExecutor(jdbcPool);
 * }
 * }</pre>
 */
@FunctionalInterface
public interface RealtimeBuilderCustomizer {
  /** Adjusts {@code builder}. */
  void customize(RealtimeBuilder builder);
}
