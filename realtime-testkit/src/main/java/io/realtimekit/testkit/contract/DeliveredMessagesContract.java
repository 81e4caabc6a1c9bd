package io.realtimekit.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.realtimekit.application.port.DeliveredMessages;
import io.realtimekit.application.port.DeliveredMessages.Record;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.UserId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link DeliveredMessages} must pass: the in-memory one, the Redis one, and any
 * a host application writes. Extend it and return a fresh store from {@link #newStore()}.
 *
 * <p>{@link DeliveredMessages#remember} may write asynchronously, so a record must become visible
 * within {@link #visibleWithin()} (default 5 s), not at once. Message ids are random per test, so a
 * store shared between tests needs no emptying.
 */
public abstract class DeliveredMessagesContract {

  /** A new store; called before each test. */
  protected abstract DeliveredMessages newStore();

  /** How long a remembered record may take to become visible to {@link DeliveredMessages#find}. */
  protected Duration visibleWithin() {
    return Duration.ofSeconds(5);
  }

  private DeliveredMessages store;
  private CompanyId company;
  private String run;

  @BeforeEach
  void setUpStore() {
    store = newStore();
    company = CompanyId.of(UUID.randomUUID());
    run = UUID.randomUUID().toString().substring(0, 8);
  }

  private Record record(String id, String from, String to) {
    return new Record(run + "-" + id, company, UserId.of(from), UserId.of(to));
  }

  private Optional<Record> findEventually(String messageId) {
    return await()
        .atMost(visibleWithin())
        .pollInterval(Duration.ofMillis(10))
        .until(() -> store.find(messageId), Optional::isPresent);
  }

  @Test
  void aRememberedMessageIsFoundWithItsCompanySenderAndReceiver() {
    Record r = record("m1", "alice", "bob");

    store.remember(r);

    assertThat(findEventually(r.messageId())).contains(r);
  }

  @Test
  void anUnknownMessageIsNotFound() {
    store.remember(record("known", "alice", "bob"));
    findEventually(run + "-known");

    assertThat(store.find(run + "-unknown")).isEmpty();
  }

  @Test
  void messagesAreKeptApartByTheirIds() {
    Record first = record("a", "alice", "bob");
    Record second = record("b", "carol", "dave");

    store.remember(first);
    store.remember(second);

    assertThat(findEventually(first.messageId())).contains(first);
    assertThat(findEventually(second.messageId())).contains(second);
  }

  @Test
  void theCompanyOfARecordIsKeptExactly() {
    CompanyId other = CompanyId.of(UUID.randomUUID());
    Record mine = record("mine", "alice", "bob");
    Record theirs = new Record(run + "-theirs", other, UserId.of("alice"), UserId.of("bob"));

    store.remember(mine);
    store.remember(theirs);

    assertThat(findEventually(mine.messageId())).map(Record::companyId).contains(company);
    assertThat(findEventually(theirs.messageId())).map(Record::companyId).contains(other);
  }

  @Test
  void rememberingFromManyThreadsLosesNothingWithinTheBound() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Record> all = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      all.add(record("c" + i, "u" + (i % 7), "v" + (i % 5)));
    }
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        done.add(
            pool.submit(
                () -> {
                  for (int i = thread; i < all.size(); i += 4) {
                    store.remember(all.get(i));
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
    await()
        .atMost(visibleWithin())
        .pollInterval(Duration.ofMillis(20))
        .until(() -> all.stream().allMatch(r -> store.find(r.messageId()).equals(Optional.of(r))));
  }
}
