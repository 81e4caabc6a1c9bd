package io.realtimekit.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.realtimekit.Realtime;
import io.realtimekit.RealtimeSettings;
import io.realtimekit.application.port.TokenVerifier;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.ConnectionRepository;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import io.realtimekit.domain.UserIdScope;
import io.realtimekit.domain.assignment.AssignmentPolicies;
import io.realtimekit.domain.assignment.AssignmentPolicy;
import io.realtimekit.domain.assignment.SalesFloorRepository;
import io.realtimekit.domain.chat.ChatPolicy;
import io.realtimekit.domain.event.EventIds;
import io.realtimekit.domain.event.UserConnected;
import io.realtimekit.infrastructure.memory.InMemoryConnectionRepository;
import io.realtimekit.infrastructure.memory.InMemorySalesFloorRepository;
import io.realtimekit.micrometer.MicrometerRealtimeMetrics;
import io.realtimekit.spring.boot.autoconfigure.RealtimeAutoConfiguration;
import io.realtimekit.spring.boot.autoconfigure.RealtimeHealthAutoConfiguration;
import io.realtimekit.spring.boot.autoconfigure.RealtimeHealthIndicator;
import io.realtimekit.spring.boot.autoconfigure.RealtimeLifecycle;
import io.realtimekit.spring.boot.autoconfigure.RealtimeMetricsAutoConfiguration;
import io.realtimekit.spring.boot.autoconfigure.RealtimeRedisAutoConfiguration;
import io.realtimekit.spring.boot.autoconfigure.RealtimeServletAutoConfiguration;
import io.realtimekit.spring.boot.autoconfigure.RealtimeSpringBoot3HealthAutoConfiguration;
import io.realtimekit.spring.boot.autoconfigure.RealtimeSpringBoot3HealthIndicator;
import io.realtimekit.testkit.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

/**
 * The auto-configuration in a plain (non-web) application context: properties, the beans an
 * application overrides, the lifecycle, domain events as application events, {@link RealtimeEvent}
 * methods, health and meters. The servlet mount is exercised by the example application's tests.
 */
class RealtimeAutoConfigurationTest {
  static final String SECRET = "starter-test-secret-0123456789-abcdefgh";

  final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  RealtimeRedisAutoConfiguration.class,
                  RealtimeMetricsAutoConfiguration.class,
                  RealtimeAutoConfiguration.class,
                  RealtimeServletAutoConfiguration.class,
                  RealtimeHealthAutoConfiguration.class,
                  RealtimeSpringBoot3HealthAutoConfiguration.class))
          .withPropertyValues("realtime.jwt.secret=" + SECRET);

  @Test
  void theDocumentedDefaultsAreTheLibrarys() {
    RealtimeProperties properties = new RealtimeProperties();
    assertThat(properties.toSettings()).isEqualTo(RealtimeSettings.defaults());
    assertThat(properties.getAssignment()).isEqualTo("off");
    assertThat(properties.getDefaultCapacity()).isEqualTo(3);
    assertThat(properties.getUserIds()).isEqualTo(UserIdScope.GLOBAL);
    assertThat(properties.getJwt().getClockSkew()).isEqualTo(Duration.ofSeconds(30));
    assertThat(properties.getSocketIo().isEnabled()).isTrue();
  }

  @Test
  void propertiesConfigureTheRealtime() {
    runner
        .withPropertyValues(
            "realtime.path=/rt",
            "realtime.grace-period=1500ms",
            "realtime.assignment=round-robin",
            "realtime.default-capacity=5",
            "realtime.user-ids=per-company",
            "realtime.allowed-origins=https://a.example,https://b.example",
            "realtime.limits.max-frame-bytes=4096",
            "realtime.limits.events-per-second=7",
            "realtime.limits.event-burst=9",
            "realtime.limits.outbound-queue-bytes=65536")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              RealtimeSettings settings = context.getBean(Realtime.class).settings();
              assertThat(settings.path()).isEqualTo("/rt");
              assertThat(settings.gracePeriod()).isEqualTo(Duration.ofMillis(1500));
              assertThat(settings.allowedOrigins())
                  .containsExactlyInAnyOrder("https://a.example", "https://b.example");
              assertThat(settings.maxFrameBytes()).isEqualTo(4096);
              assertThat(settings.eventsPerSecond()).isEqualTo(7);
              assertThat(settings.eventBurst()).isEqualTo(9);
              assertThat(settings.outboundQueueBytes()).isEqualTo(65536);
              assertThat(context.getBean(Realtime.class).isAssignmentEnabled()).isTrue();
              assertThat(context.getBean(AssignmentPolicy.class).name()).isEqualTo("round-robin");
              assertThat(context.getBean(Realtime.class).userIds())
                  .isEqualTo(UserIdScope.PER_COMPANY);
            });
  }

  @Test
  void assignmentIsOffByDefault() {
    runner.run(
        context -> {
          assertThat(context).doesNotHaveBean(AssignmentPolicy.class);
          assertThat(context.getBean(Realtime.class).isAssignmentEnabled()).isFalse();
        });
  }

  @Test
  void anUnknownAssignmentPolicyOrABadLimitFailsTheStartWithItsName() {
    runner
        .withPropertyValues("realtime.assignment=fastest")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .hasStackTraceContaining("assignment policy must be"));
    runner
        .withPropertyValues("realtime.limits.max-frame-bytes=10")
        .run(context -> assertThat(context).getFailure().hasStackTraceContaining("maxFrameBytes"));
    runner
        .withPropertyValues("realtime.user-ids=per-tenant")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .hasStackTraceContaining("realtime.user-ids")
                    .hasStackTraceContaining("per-tenant"));
  }

  @Test
  void withoutASecretOrJwkSetTheStartFailsAndSaysWhatToSet() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(RealtimeAutoConfiguration.class))
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasStackTraceContaining("realtime.jwt.secret")
                    .hasStackTraceContaining("realtime.jwt.jwk-set-uri"));
    runner
        .withPropertyValues("realtime.jwt.jwk-set-uri=https://auth.example/jwks.json")
        .run(context -> assertThat(context).getFailure().hasStackTraceContaining("only one of"));
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(RealtimeAutoConfiguration.class))
        .withPropertyValues("realtime.jwt.secret=too-short")
        .run(
            context ->
                assertThat(context).getFailure().hasStackTraceContaining("at least 32 bytes"));
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(RealtimeAutoConfiguration.class))
        .withPropertyValues(
            "realtime.jwt.secret=${UNSET_REALTIME_SECRET_FOR_A_TEST_ONLY_0123456789}")
        .run(
            context ->
                assertThat(context).getFailure().hasStackTraceContaining("unresolved placeholder"));
  }

  @Test
  void aJwkSetUriIsEnough() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(RealtimeAutoConfiguration.class))
        .withPropertyValues(
            "realtime.jwt.jwk-set-uri=https://auth.example/jwks.json",
            "realtime.jwt.issuer=https://auth.example",
            "realtime.jwt.audience=chat")
        .run(context -> assertThat(context).hasNotFailed().hasSingleBean(TokenVerifier.class));
  }

  @Test
  void theApplicationsBeansReplaceTheDefaults() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(RealtimeAutoConfiguration.class))
        .withUserConfiguration(OwnBeans.class)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              Realtime realtime = context.getBean(Realtime.class);
              assertThat(context.getBean(TokenVerifier.class)).isSameAs(OwnBeans.TOKENS_VERIFIER);
              assertThat(realtime.repository())
                  .isSameAs(context.getBean(OwnBeans.class).repository);
              assertThat(context.getBean(SalesFloorRepository.class))
                  .isSameAs(context.getBean(OwnBeans.class).floors);
              assertThat(context.getBean(ChatPolicy.class)).isSameAs(OwnBeans.CHAT_POLICY);
              assertThat(context.getBean(AssignmentPolicy.class).name()).isEqualTo("offer-all");
              assertThat(realtime.isAssignmentEnabled()).isTrue();
            });
  }

  @Test
  void theApplicationsOwnRealtimeIsStartedAndStoppedWithTheContext() {
    Realtime own = Realtime.builder().tokenVerifier(new TestTokens().verifier()).build();
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(RealtimeAutoConfiguration.class))
        .withBean(Realtime.class, () -> own)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(Realtime.class)).isSameAs(own);
              assertThat(own.isRunning()).isTrue();
            });
    assertThat(own.isRunning()).isFalse();
  }

  @Test
  void theRealtimeRunsWhileTheContextDoesAndHealthFollowsIt() {
    Realtime[] seen = new Realtime[1];
    runner.run(
        context -> {
          Realtime realtime = context.getBean(Realtime.class);
          seen[0] = realtime;
          assertThat(realtime.isRunning()).isTrue();
          assertThat(context).hasSingleBean(RealtimeLifecycle.class);
          RealtimeHealthIndicator health =
              context.getBean("realtimeHealthIndicator", RealtimeHealthIndicator.class);
          Health up = health.health(true);
          assertThat(up.getStatus()).isEqualTo(Status.UP);
          assertThat(up.getDetails())
              .containsEntry("connections", 0)
              .containsEntry("mode", "single node")
              .containsEntry("nodeId", realtime.nodeId().value());

          realtime.close();
          assertThat(health.health(true).getStatus()).isEqualTo(Status.DOWN);
        });
    assertThat(seen[0].isRunning()).isFalse();
  }

  @Test
  void onSpringBoot3TheSameHealthIsReportedThroughActuatorsOlderApi() {
    Realtime realtime =
        Realtime.builder().tokenVerifier(new TestTokens().verifier()).build().start();
    RealtimeSpringBoot3HealthIndicator indicator =
        new RealtimeSpringBoot3HealthIndicator(realtime, false);
    org.springframework.boot.actuate.health.Health up = indicator.health();
    assertThat(up.getStatus().getCode()).isEqualTo("UP");
    assertThat(up.getDetails())
        .containsEntry("connections", 0)
        .containsEntry("mode", "single node")
        .containsEntry("nodeId", realtime.nodeId().value());
    realtime.close();
    assertThat(indicator.health().getStatus().getCode()).isEqualTo("DOWN");
  }

  @Test
  void whenBothHealthApisArePresentTheSpringBoot4OneIsUsed() {
    // this test classpath has Spring Boot 4 and 3.5's actuator jar (compile-only for the starter);
    // a real
    // Spring Boot 4 application has no org.springframework.boot.actuate.health package at all
    runner.run(
        context ->
            assertThat(context.getBean("realtimeHealthIndicator"))
                .isInstanceOf(RealtimeHealthIndicator.class));
  }

  @Test
  void domainEventsArePublishedAsApplicationEvents() {
    runner
        .withUserConfiguration(Listener.class)
        .run(
            context -> {
              Realtime realtime = context.getBean(Realtime.class);
              UserConnected event =
                  new UserConnected(
                      EventIds.next(),
                      Instant.now(),
                      CompanyId.of("7d4c1f0a-3b8e-4f6e-9a51-2c8e0b1d5f37"),
                      UserId.of("u-1"),
                      Set.of(Role.VISITOR));
              realtime.events().publish(event);
              assertThat(context.getBean(Listener.class).seen).containsExactly(event);
            });
  }

  @Test
  void publishingEventsCanBeTurnedOff() {
    runner
        .withUserConfiguration(Listener.class)
        .withPropertyValues("realtime.publish-events=false")
        .run(
            context -> {
              context
                  .getBean(Realtime.class)
                  .events()
                  .publish(
                      new UserConnected(
                          EventIds.next(),
                          Instant.now(),
                          CompanyId.of("7d4c1f0a-3b8e-4f6e-9a51-2c8e0b1d5f37"),
                          UserId.of("u-1"),
                          Set.of(Role.VISITOR)));
              assertThat(context.getBean(Listener.class).seen).isEmpty();
            });
  }

  @Test
  void realtimeEventMethodsAreRegistered() {
    runner
        .withUserConfiguration(Handlers.class)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              Realtime realtime = context.getBean(Realtime.class);
              // the name is taken: the annotated method holds it
              assertThatThrownBy(() -> realtime.on("visitor:open-chat", r -> true, ctx -> {}))
                  .hasMessageContaining("already registered");
              assertThatThrownBy(() -> realtime.on("anyone:ping", r -> true, ctx -> {}))
                  .hasMessageContaining("already registered");
            });
  }

  @Test
  void aRealtimeEventMethodWithParametersItCannotFillFailsTheStart() {
    runner
        .withUserConfiguration(BadHandler.class)
        .run(
            context ->
                assertThat(context).getFailure().hasStackTraceContaining("parameters may be"));
  }

  @Test
  void metersGoToTheApplicationsRegistry() {
    runner
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .run(
            context -> {
              assertThat(context).hasSingleBean(MicrometerRealtimeMetrics.class);
              MeterRegistry registry = context.getBean(MeterRegistry.class);
              assertThat(registry.find("realtime.connections.open").gauge()).isNotNull();
              assertThat(registry.find("realtime.connects").counter()).isNotNull();
            });
  }

  @Test
  void withoutARegistryThereAreNoMeters() {
    runner.run(context -> assertThat(context).doesNotHaveBean(MicrometerRealtimeMetrics.class));
  }

  @Test
  void theStarterCanBeTurnedOff() {
    runner
        .withPropertyValues("realtime.enabled=false", "realtime.redis.url=redis://127.0.0.1:1")
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .run(
            context ->
                assertThat(context)
                    .hasNotFailed()
                    .doesNotHaveBean(Realtime.class)
                    .doesNotHaveBean(MicrometerRealtimeMetrics.class)
                    .doesNotHaveBean("realtimeRedisClusterEngine"));
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnBeans {
    static final TokenVerifier TOKENS_VERIFIER = new TestTokens().verifier();
    static final ChatPolicy CHAT_POLICY = (sender, receiver) -> true;
    final ConnectionRepository repository = new InMemoryConnectionRepository();
    final SalesFloorRepository floors = new InMemorySalesFloorRepository();

    @Bean
    TokenVerifier myVerifier() {
      return TOKENS_VERIFIER;
    }

    @Bean
    ConnectionRepository myRepository() {
      return repository;
    }

    @Bean
    SalesFloorRepository myFloors() {
      return floors;
    }

    @Bean
    ChatPolicy myChatPolicy() {
      return CHAT_POLICY;
    }

    @Bean
    AssignmentPolicy myAssignment() {
      return AssignmentPolicies.offerToAll();
    }
  }

  static class Listener {
    final List<UserConnected> seen = new CopyOnWriteArrayList<>();

    @EventListener
    void on(UserConnected event) {
      seen.add(event);
    }
  }

  static class Handlers {
    record Topic(String topic) {}

    @RealtimeEvent(value = "visitor:open-chat", roles = "visitor")
    Topic open(Topic request) {
      return request;
    }

    @RealtimeEvent("anyone:ping")
    void ping() {}
  }

  static class BadHandler {
    @RealtimeEvent("bad:event")
    void bad(String one, Integer two) {}
  }
}
