package io.realtimekit.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.realtimekit.application.port.NodeLeases;
import io.realtimekit.application.port.NodeLeases.Renewal;
import io.realtimekit.domain.NodeId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The contract every {@link NodeLeases} must pass: the in-memory one, the Redis one, a JDBC one,
 * and any a host writes. Extend it and return a fresh store from {@link #newLeases()}. Leases run
 * on the store's own time, so the tests use short leases and bounded waits; node ids are random per
 * test, so a store shared between tests needs no emptying.
 */
@Timeout(60)
public abstract class NodeLeasesContract {
  /** A lease long enough never to lapse during a test step. */
  private static final Duration LONG = Duration.ofSeconds(30);

  /** A lease that lapses quickly. */
  private static final Duration SHORT = Duration.ofMillis(400);

  private static final Duration WAIT = Duration.ofSeconds(10);

  /** A store; called before each test. */
  protected abstract NodeLeases newLeases();

  private NodeLeases leases;
  private NodeId a;
  private NodeId b;
  private NodeId c;

  @BeforeEach
  void setUpLeases() {
    leases = newLeases();
    String run = UUID.randomUUID().toString().substring(0, 8);
    a = NodeId.of("a-" + run);
    b = NodeId.of("b-" + run);
    c = NodeId.of("c-" + run);
  }

  @AfterEach
  void releaseLeases() {
    for (NodeId n : List.of(a, b, c)) {
      leases.release(n);
      leases.forget(n);
    }
  }

  @Test
  void theFirstRenewalTakesTheLeaseAndLaterOnesContinueIt() {
    assertThat(leases.renew(a, LONG)).isEqualTo(Renewal.TAKEN);
    assertThat(leases.renew(a, LONG)).isEqualTo(Renewal.CONTINUED);
    assertThat(leases.lapsed()).doesNotContain(a);
  }

  @Test
  void anUnknownNodeIsNotLapsedAndCannotBeClaimed() {
    assertThat(leases.lapsed()).doesNotContain(c);
    assertThat(leases.claimSweep(c, a, LONG)).isFalse();
  }

  @Test
  void aLeaseNotRenewedLapsesAndRenewingItAfterwardsTakesItAnew() {
    leases.renew(a, SHORT);
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> leases.lapsed().contains(a));
    assertThat(leases.renew(a, LONG)).isEqualTo(Renewal.TAKEN);
    assertThat(leases.lapsed()).doesNotContain(a);
  }

  @Test
  void aReleasedLeaseIsLapsedAtOnce() {
    leases.renew(a, LONG);
    leases.release(a);
    assertThat(leases.lapsed()).contains(a);
    assertThat(leases.renew(a, LONG)).isEqualTo(Renewal.TAKEN);
  }

  @Test
  void aNodeHoldingItsLeaseCannotBeClaimed() {
    leases.renew(a, LONG);
    assertThat(leases.claimSweep(a, b, LONG)).isFalse();
  }

  @Test
  void exactlyOneOfManyConcurrentSweepersClaimsALapsedNode() throws Exception {
    leases.renew(a, LONG);
    leases.release(a);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Boolean>> claims = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        NodeId sweeper = NodeId.of("sweeper-" + i + "-" + b.value());
        Callable<Boolean> claim =
            () -> {
              go.await();
              return leases.claimSweep(a, sweeper, LONG);
            };
        claims.add(pool.submit(claim));
      }
      go.countDown();
      int won = 0;
      for (Future<Boolean> f : claims) {
        won += f.get(10, TimeUnit.SECONDS) ? 1 : 0;
      }
      assertThat(won).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void anExpiredClaimCanBeTakenAgainByAnotherSweeper() {
    leases.renew(a, LONG);
    leases.release(a);
    assertThat(leases.claimSweep(a, b, SHORT)).isTrue();
    assertThat(leases.claimSweep(a, c, LONG)).isFalse();
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> leases.claimSweep(a, c, LONG));
  }

  @Test
  void aForgottenNodeIsNoLongerLapsedUnlessItCameBack() {
    leases.renew(a, LONG);
    leases.release(a);
    leases.renew(b, LONG);
    leases.release(b);
    assertThat(leases.lapsed()).contains(a, b);

    leases.forget(a);
    assertThat(leases.lapsed()).doesNotContain(a).contains(b);

    leases.renew(b, LONG); // b came back before its sweep finished
    leases.forget(b);
    assertThat(leases.lapsed()).doesNotContain(b);
    leases.release(b);
    assertThat(leases.lapsed()).as("b is still known after it came back").contains(b);
  }

  @Test
  void renewingAfterASweepWasClaimedEndsTheClaim() {
    leases.renew(a, LONG);
    leases.release(a);
    assertThat(leases.claimSweep(a, b, LONG)).isTrue();
    leases.renew(a, LONG);
    leases.release(a);
    assertThat(leases.claimSweep(a, c, LONG)).as("a new lapse is a new sweep").isTrue();
  }
}
