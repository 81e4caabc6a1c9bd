package io.realtimekit.jetty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.realtimekit.ClientLimits;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.assignment.AssignmentPolicies;
import io.realtimekit.testing.AssignmentInvariants;
import io.realtimekit.testkit.AuthMode;
import io.realtimekit.testkit.RealtimeTestClient;
import io.realtimekit.testkit.RunningServer;
import io.realtimekit.testkit.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * 50 visitors and 10 commercials opening and closing real WebSockets at random from 6 threads for
 * 30 s (override with -Drealtimekit.stress.seconds): at the end no visitor is assigned twice, no
 * commercial is over capacity or offline with visitors, and the queue holds each waiting visitor
 * once, at the position it was last told.
 */
class AssignmentChurnTest {
  static final int CAPACITY = 3;
  final CompanyId company = CompanyId.of(UUID.randomUUID());

  @Test
  void randomChurnOverRealSocketsKeepsEveryInvariant() throws Exception {
    long seconds = Long.getLong("realtimekit.stress.seconds", 30);
    AtomicInteger connects = new AtomicInteger();
    try (TestServer server =
        TestServer.start(
            realtime -> {
              RealtimeServer s = RealtimeJetty.builder(realtime).host("127.0.0.1").port(0).start();
              return RunningServer.of(s.uri(), s);
            },
            // the churn reconnects the same users faster than the per-user connect limit allows
            b ->
                b.assignment(AssignmentPolicies.leastLoaded())
                    .defaultCapacity(CAPACITY)
                    .gracePeriod(Duration.ofMillis(100))
                    .clientLimits(ClientLimits.none()))) {
      var realtime = server.realtime();
      AssignmentInvariants invariants = new AssignmentInvariants(realtime, company, CAPACITY);

      List<String> users = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        users.add("v" + i);
      }
      for (int i = 0; i < 10; i++) {
        users.add("c" + i);
      }
      Map<String, List<RealtimeTestClient>> open = new ConcurrentHashMap<>();
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
                      List<RealtimeTestClient> mine =
                          open.computeIfAbsent(u, k -> new ArrayList<>());
                      synchronized (mine) {
                        if (!mine.isEmpty() && (mine.size() >= 2 || rnd.nextBoolean())) {
                          mine.remove(rnd.nextInt(mine.size())).close();
                        } else {
                          Role role = u.startsWith("c") ? Role.COMMERCIAL : Role.VISITOR;
                          mine.add(
                              RealtimeTestClient.connect(
                                  server.uri(),
                                  server.tokens().token(u, company, role),
                                  AuthMode.FIRST_FRAME));
                          connects.incrementAndGet();
                        }
                      }
                    }
                    return null;
                  }));
        }
        for (Future<?> f : workers) {
          f.get(seconds + 120, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
      }

      await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> invariants.check(10));
      for (List<RealtimeTestClient> clients : open.values()) {
        synchronized (clients) {
          clients.forEach(RealtimeTestClient::close);
        }
      }
      assertThat(connects.get()).as("sockets opened").isGreaterThan((int) (3 * seconds));
    }
  }
}
