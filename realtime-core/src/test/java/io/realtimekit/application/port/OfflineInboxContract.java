package io.realtimekit.application.port;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.UserId;
import io.realtimekit.testing.ManualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The contract every {@link OfflineInbox} must pass: the in-memory one, the Redis one, and any a
 * host application writes. Extend it and build a store from {@link #newInbox} with the given
 * limits, reading time from the given clock (expiry is measured on it). Company and user ids are
 * random per test; {@link OfflineInbox#expire} sweeps every user of the store, so each test needs a
 * store of its own (a new instance, or a new key prefix).
 */
public abstract class OfflineInboxContract {

  /** A store with these limits, on this clock, holding nothing yet. */
  protected abstract OfflineInbox newInbox(InboxLimits limits, ManualScheduler clock);

  private final ManualScheduler clock = new ManualScheduler();
  private final InboxLimits limits = new InboxLimits(Duration.ofSeconds(60), 5);
  private OfflineInbox inbox;
  private CompanyId company;
  private UserId user;
  private final UserId sender = UserId.of("c-1");
  private int sequence;

  @BeforeEach
  void setUpInbox() {
    inbox = newInbox(limits, clock);
    company = CompanyId.of(UUID.randomUUID());
    user = UserId.of("u-" + UUID.randomUUID());
  }

  private InboxMessage message(CompanyId c, UserId to, String text) {
    return new InboxMessage(
        "m-" + (++sequence) + "-" + UUID.randomUUID(), c, sender, to, text, clock.instant());
  }

  private InboxMessage keep(String text) {
    InboxMessage m = message(company, user, text);
    assertThat(inbox.keep(m)).as("nothing pushed out").isEmpty();
    return m;
  }

  private static List<String> ids(List<InboxMessage> ms) {
    return ms.stream().map(InboxMessage::messageId).toList();
  }

  @Test
  void keptMessagesAreListedOldestFirstWithEveryField() {
    InboxMessage a = keep("one");
    clock.advance(Duration.ofMillis(5));
    InboxMessage b = keep("two \"quoted\"\nline, é ✓ {\"json\":true}");
    assertThat(inbox.list(company, user, 100)).containsExactly(a, b);
    assertThat(inbox.list(company, user, 1)).containsExactly(a);
    assertThat(inbox.list(company, UserId.of("nobody"), 100)).isEmpty();
  }

  @Test
  void aMessageSentEarlierThanOneKeptBeforeItIsListedInSentOrder() {
    Instant t0 = clock.instant();
    clock.advance(Duration.ofSeconds(1));
    InboxMessage late = keep("late");
    InboxMessage early = new InboxMessage("m-early", company, sender, user, "early", t0);
    inbox.keep(early);
    assertThat(inbox.list(company, user, 100)).containsExactly(early, late);
  }

  @Test
  void anInboxIsKeyedByCompanyAndUser() {
    CompanyId other = CompanyId.of(UUID.randomUUID());
    InboxMessage mine = keep("mine");
    InboxMessage sameIdOtherCompany = message(other, user, "other tenant");
    inbox.keep(sameIdOtherCompany);
    InboxMessage otherUser =
        message(company, UserId.of("u-other-" + UUID.randomUUID()), "other user");
    inbox.keep(otherUser);

    assertThat(inbox.list(company, user, 100)).containsExactly(mine);
    assertThat(inbox.list(other, user, 100)).containsExactly(sameIdOtherCompany);
    assertThat(inbox.list(company, otherUser.to(), 100)).containsExactly(otherUser);
    // removing by id from another tenant's key (or another user's) finds nothing
    assertThat(inbox.remove(other, user, mine.messageId())).isEmpty();
    assertThat(inbox.remove(company, otherUser.to(), mine.messageId())).isEmpty();
    assertThat(inbox.list(company, user, 100)).containsExactly(mine);
  }

  @Test
  void removeTakesOneMessageOutOnce() {
    InboxMessage a = keep("a");
    InboxMessage b = keep("b");
    InboxMessage c = keep("c");
    assertThat(inbox.remove(company, user, b.messageId())).contains(b);
    assertThat(inbox.remove(company, user, b.messageId())).isEmpty();
    assertThat(inbox.remove(company, user, "never-kept")).isEmpty();
    assertThat(inbox.list(company, user, 100)).containsExactly(a, c);
    inbox.remove(company, user, a.messageId());
    inbox.remove(company, user, c.messageId());
    assertThat(inbox.list(company, user, 100)).isEmpty();
    assertThat(inbox.expire(100)).isEmpty();
  }

  @Test
  void theCapPushesTheOldestOutAndReturnsThem() {
    List<InboxMessage> first = new ArrayList<>();
    for (int i = 0; i < limits.maxMessages(); i++) {
      first.add(keep("m" + i));
      clock.advance(Duration.ofMillis(1));
    }
    InboxMessage sixth = message(company, user, "sixth");
    assertThat(inbox.keep(sixth)).containsExactly(first.get(0));
    clock.advance(Duration.ofMillis(1));
    InboxMessage seventh = message(company, user, "seventh");
    assertThat(inbox.keep(seventh)).containsExactly(first.get(1));
    assertThat(ids(inbox.list(company, user, 100)))
        .containsExactly(
            first.get(2).messageId(),
            first.get(3).messageId(),
            first.get(4).messageId(),
            sixth.messageId(),
            seventh.messageId());
    assertThat(inbox.remove(company, user, first.get(0).messageId()))
        .as("pushed out already")
        .isEmpty();
  }

  @Test
  void messagesPastTheirTtlAreHiddenThenExpiredOnce() {
    InboxMessage old = keep("old");
    clock.advance(Duration.ofSeconds(30));
    InboxMessage recent = keep("recent");
    clock.advance(Duration.ofSeconds(29));
    assertThat(inbox.expire(100)).as("nothing is 60 s old yet").isEmpty();
    assertThat(inbox.list(company, user, 100)).containsExactly(old, recent);

    clock.advance(Duration.ofSeconds(1)); // old is exactly 60 s old
    assertThat(inbox.list(company, user, 100))
        .as("an expired message is never listed")
        .containsExactly(recent);
    assertThat(inbox.expire(100)).containsExactly(old);
    assertThat(inbox.expire(100)).as("expired once").isEmpty();
    assertThat(inbox.remove(company, user, old.messageId())).isEmpty();

    clock.advance(Duration.ofSeconds(30));
    assertThat(inbox.list(company, user, 100)).isEmpty();
    assertThat(inbox.expire(100)).containsExactly(recent);
    assertThat(inbox.expire(100)).isEmpty();
  }

  @Test
  void expireSweepsEveryUserAndCompanyInPages() {
    CompanyId other = CompanyId.of(UUID.randomUUID());
    Set<String> kept = new HashSet<>();
    for (int u = 0; u < 6; u++) {
      for (CompanyId c : List.of(company, other)) {
        InboxMessage m = message(c, UserId.of("u" + u), "hello");
        inbox.keep(m);
        kept.add(m.messageId());
      }
    }
    clock.advance(Duration.ofSeconds(61));
    Set<String> expired = new HashSet<>();
    for (int round = 0; round < 20 && expired.size() < kept.size(); round++) {
      List<InboxMessage> page = inbox.expire(5);
      assertThat(page.size()).isLessThanOrEqualTo(5);
      for (InboxMessage m : page) {
        assertThat(expired.add(m.messageId())).as("expired once: %s", m.messageId()).isTrue();
      }
    }
    assertThat(expired).isEqualTo(kept);
    assertThat(inbox.expire(100)).isEmpty();
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void concurrentKeepsNeverLoseOrDoubleAMessageAndHonourTheCap() throws Exception {
    int threads = 4;
    int each = 25;
    ConcurrentLinkedQueue<String> pushedOut = new ConcurrentLinkedQueue<>();
    Set<String> all = java.util.concurrent.ConcurrentHashMap.newKeySet();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < each; i++) {
                    InboxMessage m =
                        new InboxMessage(
                            "t" + thread + "-" + i, company, sender, user, "x", clock.instant());
                    all.add(m.messageId());
                    inbox.keep(m).forEach(d -> pushedOut.add(d.messageId()));
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get(50, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    List<String> left = ids(inbox.list(company, user, 1000));
    assertThat(left).hasSize(limits.maxMessages());
    assertThat(pushedOut).doesNotHaveDuplicates().hasSize(threads * each - limits.maxMessages());
    Set<String> union = new HashSet<>(left);
    union.addAll(pushedOut);
    assertThat(union).isEqualTo(all);
  }
}
