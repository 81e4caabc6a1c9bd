package io.realtimekit.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.ErrorCode;
import io.realtimekit.domain.Result;
import io.realtimekit.domain.UserId;
import io.realtimekit.domain.assignment.AssignmentPolicies;
import io.realtimekit.domain.assignment.AssignmentPolicy;
import io.realtimekit.domain.assignment.SalesFloor;
import io.realtimekit.domain.assignment.SalesFloorRepository;
import io.realtimekit.domain.assignment.Seat;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The contract every {@link SalesFloorRepository} must pass: the in-memory one, the Redis one, and
 * any a host application writes against its own store. Extend it and return a repository from
 * {@link #newRepository()}; companies are random per test, so one store may serve every test.
 * {@link #newSecondView} returns another handle on the same store (a second node); the default
 * returns the same instance.
 *
 * <p>In module {@code realtime-testkit}; your project supplies JUnit Jupiter (5.10+ or 6).
 */
public abstract class SalesFloorRepositoryContract {
  private static final Instant T = Instant.parse("2030-01-01T00:00:00Z");
  private static final AssignmentPolicy LEAST = AssignmentPolicies.leastLoaded();

  /** A repository; called before each test. */
  protected abstract SalesFloorRepository newRepository();

  /** Another handle on the store of {@code first}, as a second node would hold. */
  protected SalesFloorRepository newSecondView(SalesFloorRepository first) {
    return first;
  }

  private SalesFloorRepository repo;
  private CompanyId company;

  @BeforeEach
  void setUpRepository() {
    repo = newRepository();
    company = CompanyId.of(UUID.randomUUID());
  }

  private static UserId u(String s) {
    return UserId.of(s);
  }

  @Test
  void anUnknownCompanyHasAnEmptyFloor() {
    SalesFloor floor = repo.load(company);
    assertThat(floor.isEmpty()).isTrue();
    assertThat(floor.companyId()).isEqualTo(company);
  }

  @Test
  void aSavedFloorIsLoadedBackWithEverySeatAndTheQueue() {
    SalesFloor floor = SalesFloor.empty(company).commercialAvailable(u("c1"), 1, LEAST, T).floor();
    floor = floor.visitorArrived(u("v1"), LEAST, T).floor();
    floor = floor.visitorArrived(u("v2"), LEAST, T).floor();
    repo.save(floor);

    assertThat(repo.load(company).toPrimitives()).isEqualTo(floor.toPrimitives());
    assertThat(repo.load(CompanyId.of(UUID.randomUUID())).isEmpty()).isTrue();
  }

  @Test
  void updateStoresTheChangeAndReturnsIt() {
    Result<SalesFloor.Change> r =
        repo.update(company, f -> Result.ok(f.commercialAvailable(u("c1"), 2, LEAST, T)));
    assertThat(r.isOk()).isTrue();
    r = repo.update(company, f -> Result.ok(f.visitorArrived(u("v1"), LEAST, T)));

    assertThat(r.value().events()).hasSize(1);
    assertThat(repo.load(company).assignmentOf(u("v1"))).contains(u("c1"));
    assertThat(newSecondView(repo).load(company).toPrimitives())
        .isEqualTo(r.value().floor().toPrimitives());
  }

  @Test
  void aFailedUpdateStoresNothing() {
    repo.update(company, f -> Result.ok(f.commercialAvailable(u("c1"), 2, LEAST, T)));
    SalesFloor before = repo.load(company);

    Result<SalesFloor.Change> r =
        repo.update(company, f -> f.assign(u("nobody"), u("c9"), LEAST, T));

    assertThat(r.isOk()).isFalse();
    assertThat(repo.load(company).toPrimitives()).isEqualTo(before.toPrimitives());
  }

  @Test
  void anEmptiedFloorLoadsAsEmpty() {
    repo.update(company, f -> Result.ok(f.commercialAvailable(u("c1"), 2, LEAST, T)));
    repo.update(company, f -> Result.ok(f.commercialGone(u("c1"), LEAST, T)));
    assertThat(repo.load(company).isEmpty()).isTrue();
  }

  @Test
  void companiesHaveTheirOwnFloors() {
    CompanyId other = CompanyId.of(UUID.randomUUID());
    repo.update(company, f -> Result.ok(f.visitorArrived(u("v1"), LEAST, T)));
    assertThat(repo.load(other).isEmpty()).isTrue();
    assertThat(repo.load(company).queue()).containsExactly(u("v1"));
  }

  @Test
  @Timeout(60)
  void concurrentUpdatesFromTwoHandlesLoseNothingAndKeepEveryInvariant() throws Exception {
    SalesFloorRepository second = newSecondView(repo);
    int commercials = 4;
    int capacity = 3;
    int visitors = 40;
    ExecutorService pool = Executors.newFixedThreadPool(6);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> tasks = new ArrayList<>();
    try {
      for (int i = 0; i < commercials; i++) {
        UserId c = u("c" + i);
        SalesFloorRepository r = i % 2 == 0 ? repo : second;
        tasks.add(
            pool.submit(
                () -> {
                  go.await();
                  return r.update(
                      company, f -> Result.ok(f.commercialAvailable(c, capacity, LEAST, T)));
                }));
      }
      for (int i = 0; i < visitors; i++) {
        UserId v = u("v" + i);
        SalesFloorRepository r = i % 2 == 0 ? second : repo;
        boolean leaves = i % 5 == 0;
        tasks.add(
            pool.submit(
                () -> {
                  go.await();
                  r.update(company, f -> Result.ok(f.visitorArrived(v, LEAST, T)));
                  if (leaves) {
                    r.update(company, f -> Result.ok(f.visitorLeft(v, LEAST, T)));
                  }
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> f : tasks) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    SalesFloor floor = repo.load(company);
    assertThat(floor.seats()).hasSize(commercials);
    Set<UserId> placed = new HashSet<>(floor.queue());
    int assigned = 0;
    for (Seat s : floor.seats()) {
      assertThat(s.visitors().size()).isLessThanOrEqualTo(capacity);
      assigned += s.visitors().size();
      placed.addAll(s.visitors());
    }
    int stayed = visitors - visitors / 5;
    assertThat(assigned + floor.queue().size()).as("every visitor placed once").isEqualTo(stayed);
    assertThat(placed).hasSize(stayed);
    assertThat(assigned).isEqualTo(Math.min(stayed, commercials * capacity));
  }

  @Test
  void theFailureOfTheChangeIsReturnedAsIs() {
    Result<SalesFloor.Change> r = repo.update(company, f -> f.release(u("v1"), LEAST, T));
    assertThat(r.isOk()).isFalse();
    assertThat(r.failure().code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
  }
}
