package io.realtimekit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import io.realtimekit.domain.assignment.AssignmentPolicies;
import io.realtimekit.domain.assignment.AssignmentPolicy;
import io.realtimekit.domain.assignment.Seat;
import io.realtimekit.domain.event.UserConnected;
import io.realtimekit.infrastructure.auth.HmacTokenIssuer;
import io.realtimekit.infrastructure.auth.JwtTokenVerifier;
import io.realtimekit.testing.InMemoryConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Assignment runs on its own executor, one company at a time: never on the thread that read the
 * frame (the transport's), a connect is acknowledged before the decision, and a company whose floor
 * is stuck delays no other company.
 */
class AssignmentThreadingTest {
  static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
  static final CompanyId A = CompanyId.of(UUID.randomUUID());
  static final CompanyId B = CompanyId.of(UUID.randomUUID());

  final HmacTokenIssuer issuer = new HmacTokenIssuer(SECRET);
  final Set<Thread> frameThreads = ConcurrentHashMap.newKeySet();
  final Set<Thread> policyThreads = ConcurrentHashMap.newKeySet();
  final CountDownLatch releaseA = new CountDownLatch(1);
  volatile boolean blockA;
  Realtime realtime;

  /** Least-loaded, recording its threads; blocks on company A's floor while {@link #blockA}. */
  final AssignmentPolicy recording =
      new AssignmentPolicy() {
        final AssignmentPolicy inner = AssignmentPolicies.leastLoaded();

        @Override
        public Optional<UserId> choose(UserId visitor, List<Seat> candidates) {
          policyThreads.add(Thread.currentThread());
          if (blockA && visitor.value().startsWith("a-")) {
            try {
              releaseA.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          return inner.choose(visitor, candidates);
        }

        @Override
        public String name() {
          return "recording";
        }
      };

  void start() {
    realtime =
        Realtime.builder()
            .tokenVerifier(JwtTokenVerifier.hmac(SECRET).build())
            .assignment(recording)
            .defaultCapacity(1_000)
            .build()
            .start();
    realtime.subscribe(UserConnected.class, e -> frameThreads.add(Thread.currentThread()));
  }

  @AfterEach
  void stop() {
    releaseA.countDown();
    if (realtime != null) {
      realtime.close();
    }
  }

  InMemoryConnection connect(String user, CompanyId company, Role role) {
    InMemoryConnection c = InMemoryConnection.open(realtime.transport());
    frameThreads.add(Thread.currentThread());
    c.receive(
        "{\"type\":\"connect\",\"token\":\""
            + issuer.issue(UserId.of(user), company, Set.of(role), Duration.ofHours(1), Map.of())
            + "\"}");
    return c;
  }

  @Test
  void assignmentNeverRunsOnTheThreadThatReadTheFrame() {
    start();
    connect("c1", A, Role.COMMERCIAL);
    List<InMemoryConnection> visitors = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      visitors.add(connect("v" + i, A, Role.VISITOR));
    }
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(visitors)
                    .allSatisfy(v -> assertThat(v.events("visitor:assigned")).hasSize(1)));
    for (InMemoryConnection v : visitors) {
      assertThat(v.frames().get(0).path("type").asText()).isEqualTo("connected");
    }
    assertThat(policyThreads).isNotEmpty().doesNotContainAnyElementsOf(frameThreads);
    assertThat(policyThreads)
        .allSatisfy(t -> assertThat(t.getName()).startsWith("realtime-assignment-"));
  }

  @Test
  void aStuckCompanyDelaysNeitherItsConnectsNorAnotherCompany() {
    start();
    connect("a-c1", A, Role.COMMERCIAL);
    connect("b-c1", B, Role.COMMERCIAL);
    blockA = true;
    InMemoryConnection stuck = connect("a-v1", A, Role.VISITOR);
    // acknowledged while its company's assignment is blocked
    assertThat(stuck.frames()).isNotEmpty();
    assertThat(stuck.frames().get(0).path("type").asText()).isEqualTo("connected");
    InMemoryConnection alsoA = connect("a-v2", A, Role.VISITOR);
    assertThat(alsoA.frames().get(0).path("type").asText()).isEqualTo("connected");

    InMemoryConnection other = connect("b-v1", B, Role.VISITOR);
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(other.events("visitor:assigned"))
                    .extracting(d -> d.get("commercialId").asText())
                    .containsExactly("b-c1"));
    assertThat(stuck.events("visitor:assigned")).isEmpty();

    releaseA.countDown();
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              assertThat(stuck.events("visitor:assigned")).hasSize(1);
              assertThat(alsoA.events("visitor:assigned")).hasSize(1);
            });
  }
}
