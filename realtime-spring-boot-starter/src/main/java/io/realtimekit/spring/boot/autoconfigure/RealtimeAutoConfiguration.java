package io.realtimekit.spring.boot.autoconfigure;

import io.realtimekit.Realtime;
import io.realtimekit.RealtimeBuilder;
import io.realtimekit.application.port.RealtimeMetrics;
import io.realtimekit.application.port.TokenVerifier;
import io.realtimekit.domain.ConnectionRepository;
import io.realtimekit.domain.assignment.AssignmentPolicies;
import io.realtimekit.domain.assignment.AssignmentPolicy;
import io.realtimekit.domain.assignment.SalesFloorRepository;
import io.realtimekit.domain.chat.ChatPolicy;
import io.realtimekit.infrastructure.auth.JwtTokenVerifier;
import io.realtimekit.infrastructure.memory.InMemoryConnectionRepository;
import io.realtimekit.infrastructure.memory.InMemorySalesFloorRepository;
import io.realtimekit.spring.boot.RealtimeBuilderCustomizer;
import io.realtimekit.spring.boot.RealtimeProperties;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The core of the starter: a {@link Realtime} built from {@code realtime.*} and the application's
 * beans, started and stopped with the application context, its domain events published as Spring
 * application events and the {@link io.realtimekit.spring.boot.RealtimeEvent} methods of beans
 * registered as client events. Every bean here backs off when the application declares its own.
 *
 * <p>The servlet mount, cluster mode, metrics and health are separate auto-configurations of this
 * package, each conditional on its classpath.
 */
@AutoConfiguration
@ConditionalOnClass(Realtime.class)
@ConditionalOnBooleanProperty(name = "realtime.enabled", matchIfMissing = true)
@EnableConfigurationProperties(RealtimeProperties.class)
public class RealtimeAutoConfiguration {

  /** Creates the auto-configuration; Spring calls it. */
  public RealtimeAutoConfiguration() {}

  /**
   * The Realtime and its collaborators, each replaceable by a bean of the application; none of it
   * when the application declares its own {@link Realtime}.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnMissingBean(Realtime.class)
  public static class RealtimeComponents {

    /** Creates the configuration; Spring calls it. */
    public RealtimeComponents() {}

    /**
     * A JWT verifier from {@code realtime.jwt.*}: HMAC with {@code secret}, or RSA/EC keys from
     * {@code jwk-set-uri}; {@code issuer}, {@code audience} and {@code clock-skew} when set.
     *
     * @throws IllegalStateException when neither or both of secret and jwk-set-uri are set
     */
    @Bean
    @ConditionalOnMissingBean
    public TokenVerifier realtimeTokenVerifier(RealtimeProperties properties) {
      RealtimeProperties.Jwt jwt = properties.getJwt();
      boolean hasSecret = jwt.getSecret() != null && !jwt.getSecret().isEmpty();
      boolean hasJwks = jwt.getJwkSetUri() != null;
      if (hasSecret == hasJwks) {
        throw new IllegalStateException(
            hasSecret
                ? "set only one of realtime.jwt.secret and realtime.jwt.jwk-set-uri"
                : "realtimekit needs realtime.jwt.secret (HS256, at least 32 bytes) or realtime.jwt.jwk-set-uri,"
                    + " or a TokenVerifier bean of the application");
      }
      if (hasSecret && jwt.getSecret().contains("${")) {
        // never sign with the text of a placeholder nobody resolved
        throw new IllegalStateException(
            "realtime.jwt.secret is an unresolved placeholder: set the variable it names");
      }
      JwtTokenVerifier.Builder builder =
          hasSecret
              ? JwtTokenVerifier.hmac(jwt.getSecret().getBytes(StandardCharsets.UTF_8))
              : JwtTokenVerifier.jwkSetUrl(jwt.getJwkSetUri());
      if (jwt.getIssuer() != null) {
        builder.issuer(jwt.getIssuer());
      }
      if (jwt.getAudience() != null) {
        builder.audience(jwt.getAudience());
      }
      return builder.clockSkew(jwt.getClockSkew()).build();
    }

    /**
     * Presence records in memory (single node). The Redis engine supplies its own in cluster mode.
     */
    @Bean
    @ConditionalOnMissingBean
    public ConnectionRepository realtimeConnectionRepository() {
      return new InMemoryConnectionRepository();
    }

    /**
     * Sales floors (assignment state) in memory. The Redis engine supplies its own in cluster mode.
     */
    @Bean
    @ConditionalOnMissingBean
    public SalesFloorRepository realtimeSalesFloorRepository() {
      return new InMemorySalesFloorRepository();
    }

    /**
     * The assignment policy named by {@code realtime.assignment} ({@code offer-all}, {@code
     * round-robin}, {@code least-loaded}); no bean, so no assignment, when it is {@code off} (the
     * default).
     */
    @Bean
    @ConditionalOnMissingBean
    @Conditional(AssignmentConfigured.class)
    public AssignmentPolicy realtimeAssignmentPolicy(RealtimeProperties properties) {
      return AssignmentPolicies.named(properties.getAssignment().trim().toLowerCase(Locale.ROOT));
    }

    /** {@link ChatPolicy#standard}, aware of whether assignment is on. */
    @Bean
    @ConditionalOnMissingBean
    public ChatPolicy realtimeChatPolicy(ObjectProvider<AssignmentPolicy> assignmentPolicy) {
      return ChatPolicy.standard(assignmentPolicy.getIfAvailable() != null);
    }

    /**
     * The Realtime, built (not started: {@link RealtimeLifecycle} starts it) from the properties,
     * the repositories, the policies, the metrics when Micrometer is there, then every {@link
     * RealtimeBuilderCustomizer}.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public Realtime realtime(
        RealtimeProperties properties,
        TokenVerifier tokenVerifier,
        ConnectionRepository repository,
        SalesFloorRepository salesFloors,
        ChatPolicy chatPolicy,
        ObjectProvider<AssignmentPolicy> assignmentPolicy,
        ObjectProvider<RealtimeMetrics> metrics,
        ObjectProvider<RealtimeBuilderCustomizer> customizers) {
      RealtimeBuilder builder =
          Realtime.builder()
              .settings(properties.toSettings())
              .tokenVerifier(tokenVerifier)
              .repository(repository)
              .salesFloors(salesFloors)
              .chatPolicy(chatPolicy)
              .defaultCapacity(properties.getDefaultCapacity())
              .userIds(properties.getUserIds());
      assignmentPolicy.ifAvailable(builder::assignment);
      metrics.ifAvailable(builder::metrics);
      customizers.orderedStream().forEach(c -> c.customize(builder));
      return builder.build();
    }
  }

  /** Starts the Realtime before the web server takes requests, and stops it with the context. */
  @Bean
  @ConditionalOnMissingBean
  public RealtimeLifecycle realtimeLifecycle(
      Realtime realtime,
      RealtimeProperties properties,
      ObjectProvider<MountedEndpoints> endpoints,
      ObjectProvider<ClusterNode> cluster) {
    return new RealtimeLifecycle(realtime, properties.getShutdownTimeout(), endpoints, cluster);
  }

  /**
   * Closes every socket with 1001 before the web server shuts down (see {@link RealtimeLifecycle}).
   */
  @Bean
  public RealtimeLifecycle.Drain realtimeDrain(RealtimeLifecycle lifecycle) {
    return lifecycle.drain();
  }

  /** Domain events as Spring application events. */
  @Bean
  @ConditionalOnBooleanProperty(name = "realtime.publish-events", matchIfMissing = true)
  public DomainEventPublisher realtimeDomainEventPublisher(
      Realtime realtime, ApplicationEventPublisher publisher) {
    return new DomainEventPublisher(realtime, publisher);
  }

  /** Finds {@link io.realtimekit.spring.boot.RealtimeEvent} methods and registers them. */
  @Bean
  public static RealtimeEventMethodRegistrar realtimeEventMethodRegistrar() {
    return new RealtimeEventMethodRegistrar();
  }

  /** True when {@code realtime.assignment} is set to something other than {@code off}. */
  static final class AssignmentConfigured extends SpringBootCondition {
    @Override
    public ConditionOutcome getMatchOutcome(
        ConditionContext context, AnnotatedTypeMetadata metadata) {
      String value = context.getEnvironment().getProperty("realtime.assignment", "off").trim();
      return value.equalsIgnoreCase("off")
          ? ConditionOutcome.noMatch("realtime.assignment is off")
          : ConditionOutcome.match("realtime.assignment is " + value);
    }
  }
}
