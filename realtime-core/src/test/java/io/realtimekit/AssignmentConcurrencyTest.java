package io.realtimekit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import io.realtimekit.domain.assignment.AssignmentPolicies;
import io.realtimekit.infrastructure.auth.HmacTokenIssuer;
import io.realtimekit.infrastructure.auth.JwtTokenVerifier;
import io.realtimekit.testing.AssignmentInvariants;
import io.realtimekit.testing.InMemoryConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * 50 visitors and 10 commercials connecting and disconnecting at random from several threads for 30
 * s (override with -Drealtimekit.stress.seconds): afterwards no visitor is assigned twice, no
 * commercial is over capacity, nobody is assigned to an offline commercial, the queue holds each
 * waiting visitor once, and every visitor's last announced position is its place in the queue.
 */
class AssignmentConcurrencyTest {
  static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
  static final CompanyId C = CompanyId.of(UUID.randomUUID());
  static final int CAPACITY = 3;

  @Test
  void randomChurnKeepsEveryInvariant() throws Exception {
    long seconds = Long.getLong("realtimekit.stress.seconds", 30);
    HmacTokenIssuer issuer = new HmacTokenIssuer(SECRET);
    try (Realtime realtime =
        Realtime.builder()
            .tokenVerifier(JwtTokenVerifier.hmac(SECRET).build())
            .assignment(AssignmentPolicies.leastLoaded())
            .defaultCapacity(CAPACITY)
            .gracePeriod(Duration.ofMillis(20))
            .eventsPerSecond(10_000)
            .eventBurst(10_000)
            .build()
            .start()) {
      AssignmentInvariants invariants = new AssignmentInvariants(realtime, C, CAPACITY);

      List<String> users = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        users.add("v" + i);
      }
      for (int i = 0; i < 10; i++) {
        users.add("c" + i);
      }
      Map<String, String> tokens = new HashMap<>();
      for (String u : users) {
        Role role = u.startsWith("c") ? Role.COMMERCIAL : Role.VISITOR;
        tokens.put(u, issuer.issue(UserId.of(u), C, Set.of(role), Duration.ofHours(1)));
      }
      Map<String, List<InMemoryConnection>> open = new ConcurrentHashMap<>();
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      ExecutorService pool = Executors.newFixedThreadPool(6);
      try {
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < 6; w++) {
          workers.add(
              pool.submit(
                  () -> {
                    ThreadLocalRandom rnd = ThreadLocalRandom.current();
                    while (System.nanoTime() < end) {
                      String u = users.get(rnd.nextInt(users.size()));
                      List<InMemoryConnection> mine =
                          open.computeIfAbsent(u, k -> new ArrayList<>());
                      synchronized (mine) {
                        if (!mine.isEmpty() && (mine.size() >= 2 || rnd.nextBoolean())) {
                          mine.remove(rnd.nextInt(mine.size())).drop();
                        } else {
                          InMemoryConnection c = InMemoryConnection.open(realtime.transport());
                          c.receive("{\"type\":\"connect\",\"token\":\"" + tokens.get(u) + "\"}");
                          mine.add(c);
                        }
                      }
                      if (rnd.nextInt(50) == 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(
                            TimeUnit.MILLISECONDS.toNanos(25));
                      }
                    }
                    return null;
                  }));
        }
        for (Future<?> f : workers) {
          f.get(seconds + 60, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
      }

      // let every grace period run out, then check the floor against presence
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> invariants.check(10));
    }
  }
}
