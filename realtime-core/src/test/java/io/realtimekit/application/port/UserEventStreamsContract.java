package io.realtimekit.application.port;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.UserId;
import io.realtimekit.testing.ManualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The contract every {@link UserEventStreams} must pass: the in-memory one, the Redis one, and any
 * a host application writes. Extend it and build a store from {@link #newStreams} with the given
 * limits, reading time from the given clock (the window is measured on it); {@link #loseHistory}
 * simulates what loses history in that store (a node restart, a Redis restart without persistence).
 *
 * <p>Company and user ids are random per test, so a store shared between tests needs no cleaning.
 */
public abstract class UserEventStreamsContract {

  /** A store with these limits, on this clock. */
  protected abstract UserEventStreams newStreams(StreamLimits limits, ManualScheduler clock);

  /**
   * What a restart does to {@code streams}: history lost. Returns the store to use afterwards (a
   * new instance for an in-memory store; the same one after the Redis data was lost).
   */
  protected abstract UserEventStreams loseHistory(
      UserEventStreams streams, StreamLimits limits, ManualScheduler clock);

  private final ManualScheduler clock = new ManualScheduler();
  private final StreamLimits limits = new StreamLimits(Duration.ofSeconds(120), 5);
  private UserEventStreams streams;
  private CompanyId company;
  private UserId user;

  @BeforeEach
  void setUpStreams() {
    streams = newStreams(limits, clock);
    company = CompanyId.of(UUID.randomUUID());
    user = UserId.of("u-" + UUID.randomUUID());
  }

  private StreamPosition append(String type, String payload) {
    return streams.append(company, user, type, payload);
  }

  private List<KeptEvent> readAll(StreamPosition after) {
    StreamRead r = streams.readAfter(company, user, after, 1000);
    assertThat(r).as("read after %s", after).isInstanceOf(StreamRead.Events.class);
    return ((StreamRead.Events) r).events();
  }

  private StreamRead.Reason lostReason(StreamPosition after) {
    StreamRead r = streams.readAfter(company, user, after, 1000);
    assertThat(r).as("read after %s", after).isInstanceOf(StreamRead.Lost.class);
    return ((StreamRead.Lost) r).reason();
  }

  @Test
  void aNewStreamStartsAtZeroWithAStableEpochAndOffsetsGrowByOne() {
    StreamPosition start = streams.position(company, user);
    assertThat(start.offset()).isZero();
    assertThat(streams.position(company, user)).isEqualTo(start);
    StreamPosition p1 = append("chat:message", "{\"n\":1}");
    StreamPosition p2 = append("chat:read", "{\"n\":2}");
    assertThat(p1).isEqualTo(new StreamPosition(start.epoch(), 1));
    assertThat(p2).isEqualTo(new StreamPosition(start.epoch(), 2));
    assertThat(streams.position(company, user)).isEqualTo(p2);
  }

  @Test
  void readAfterGivesTheEventsAfterThePositionInOrderAndNothingAtTheEnd() {
    StreamPosition start = streams.position(company, user);
    append("a", "{\"text\":\"h\\u00e9llo \\\"quoted\\\"\"}");
    append("b", "[1,2]");
    append("c", "{}");
    List<KeptEvent> all = readAll(start);
    assertThat(all).extracting(KeptEvent::offset).containsExactly(1L, 2L, 3L);
    assertThat(all).extracting(KeptEvent::type).containsExactly("a", "b", "c");
    assertThat(all.get(0).payloadJson()).isEqualTo("{\"text\":\"h\\u00e9llo \\\"quoted\\\"\"}");
    assertThat(readAll(new StreamPosition(start.epoch(), 2)))
        .extracting(KeptEvent::type)
        .containsExactly("c");
    StreamRead atEnd = streams.readAfter(company, user, new StreamPosition(start.epoch(), 3), 10);
    assertThat(((StreamRead.Events) atEnd).events()).isEmpty();
    assertThat(atEnd.current()).isEqualTo(new StreamPosition(start.epoch(), 3));
  }

  @Test
  void aBoundedReadReturnsTheOldestFirstAndCanBeContinued() {
    StreamPosition start = streams.position(company, user);
    for (int i = 0; i < 5; i++) {
      append("e", "{\"i\":" + i + "}");
    }
    StreamRead.Events first = (StreamRead.Events) streams.readAfter(company, user, start, 2);
    assertThat(first.events()).extracting(KeptEvent::offset).containsExactly(1L, 2L);
    assertThat(first.current().offset()).isEqualTo(5);
    StreamRead.Events next =
        (StreamRead.Events)
            streams.readAfter(
                company, user, new StreamPosition(start.epoch(), first.lastOffset(0)), 2);
    assertThat(next.events()).extracting(KeptEvent::offset).containsExactly(3L, 4L);
  }

  @Test
  void streamsAreKeyedByCompanyAndUser() {
    CompanyId other = CompanyId.of(UUID.randomUUID());
    UserId neighbour = UserId.of("n-" + UUID.randomUUID());
    StreamPosition mine = append("secret", "{\"s\":1}");
    StreamPosition sameIdOtherCompany = streams.append(other, user, "x", "{}");
    streams.append(company, neighbour, "y", "{}");

    assertThat(sameIdOtherCompany.offset()).isEqualTo(1);
    assertThat(sameIdOtherCompany.epoch()).isNotEqualTo(mine.epoch());
    // my position, presented to the same user id of another company, reads nothing of mine
    StreamRead r = streams.readAfter(other, user, new StreamPosition(mine.epoch(), 0), 10);
    assertThat(r).isInstanceOf(StreamRead.Lost.class);
    assertThat(((StreamRead.Lost) r).reason()).isEqualTo(StreamRead.Reason.EPOCH_CHANGED);
    StreamPosition neighbourStart =
        new StreamPosition(streams.position(company, neighbour).epoch(), 0);
    assertThat(
            ((StreamRead.Events) streams.readAfter(company, neighbour, neighbourStart, 10))
                .events())
        .extracting(KeptEvent::type)
        .containsExactly("y");
  }

  @Test
  void theSizeCapTrimsTheOldestAndAReadFromBeforeItIsAGap() {
    StreamPosition start = streams.position(company, user);
    for (int i = 1; i <= 300; i++) {
      append("e", "{\"i\":" + i + "}");
    }
    assertThat(lostReason(start)).isEqualTo(StreamRead.Reason.HISTORY_TRIMMED);
    List<KeptEvent> lastFive = readAll(new StreamPosition(start.epoch(), 295));
    assertThat(lastFive)
        .extracting(KeptEvent::offset)
        .containsExactly(296L, 297L, 298L, 299L, 300L);
  }

  @Test
  void eventsOlderThanTheWindowAreTrimmed() {
    StreamPosition start = streams.position(company, user);
    append("old", "{}");
    append("old", "{}");
    clock.advance(Duration.ofSeconds(121));
    append("new", "{}");
    assertThat(lostReason(start)).isEqualTo(StreamRead.Reason.HISTORY_TRIMMED);
    assertThat(readAll(new StreamPosition(start.epoch(), 2)))
        .extracting(KeptEvent::type)
        .containsExactly("new");
    clock.advance(Duration.ofSeconds(121));
    streams.trim();
    // everything aged out: a client at the last offset still continues (nothing was missed) ...
    assertThat(readAll(new StreamPosition(start.epoch(), 3))).isEmpty();
    // ... and one before it is told of the gap
    assertThat(lostReason(new StreamPosition(start.epoch(), 2)))
        .isEqualTo(StreamRead.Reason.HISTORY_TRIMMED);
    assertThat(append("next", "{}")).isEqualTo(new StreamPosition(start.epoch(), 4));
  }

  @Test
  void anotherEpochOrAnOffsetAheadOfTheStreamIsRefused() {
    StreamPosition p = append("e", "{}");
    assertThat(lostReason(new StreamPosition("not-" + p.epoch(), 0)))
        .isEqualTo(StreamRead.Reason.EPOCH_CHANGED);
    assertThat(lostReason(new StreamPosition(p.epoch(), 2)))
        .isEqualTo(StreamRead.Reason.AHEAD_OF_STREAM);
    assertThat(lostReason(new StreamPosition(p.epoch(), Long.MAX_VALUE)))
        .isEqualTo(StreamRead.Reason.AHEAD_OF_STREAM);
  }

  @Test
  void losingHistoryChangesTheEpochAndOffsetsStartAgain() {
    append("e", "{}");
    StreamPosition before = append("e", "{}");
    streams = loseHistory(streams, limits, clock);
    StreamRead r = streams.readAfter(company, user, before, 10);
    assertThat(r).isInstanceOf(StreamRead.Lost.class);
    assertThat(((StreamRead.Lost) r).reason()).isEqualTo(StreamRead.Reason.EPOCH_CHANGED);
    StreamPosition after = append("e", "{}");
    assertThat(after.epoch()).isNotEqualTo(before.epoch());
    assertThat(after.offset()).isEqualTo(1);
  }

  @Test
  void appendAllKeepsTheEventOnceInEachUsersOwnStreamWithThatStreamsNextOffset() {
    UserId fresh = UserId.of("f-" + UUID.randomUUID());
    UserId busy = UserId.of("b-" + UUID.randomUUID());
    CompanyId other = CompanyId.of(UUID.randomUUID());
    StreamPosition userStart = streams.position(company, user);
    append("before", "{}");
    StreamPosition busyStart = streams.position(company, busy);
    streams.append(company, busy, "before", "{}");
    streams.append(company, busy, "before", "{}");
    StreamPosition sameIdOtherCompany = streams.append(other, user, "theirs", "{}");
    Set<UserId> to = new java.util.LinkedHashSet<>(List.of(busy, user, fresh));

    java.util.Map<UserId, StreamPosition> positions =
        streams.appendAll(company, to, "conversation:message", "{\"m\":\"h\\u00e9\"}");

    assertThat(positions.keySet())
        .as("one entry per user, in order")
        .containsExactly(busy, user, fresh);
    assertThat(positions.get(user)).isEqualTo(new StreamPosition(userStart.epoch(), 2));
    assertThat(positions.get(busy)).isEqualTo(new StreamPosition(busyStart.epoch(), 3));
    assertThat(positions.get(fresh).offset()).isEqualTo(1);
    assertThat(positions.get(fresh).epoch())
        .isNotEqualTo(userStart.epoch())
        .isNotEqualTo(busyStart.epoch());
    for (UserId u : to) {
      StreamPosition p = positions.get(u);
      assertThat(streams.position(company, u)).isEqualTo(p);
      StreamRead r =
          streams.readAfter(company, u, new StreamPosition(p.epoch(), p.offset() - 1), 10);
      assertThat(((StreamRead.Events) r).events())
          .as("the event in %s's stream", u)
          .containsExactly(
              new KeptEvent(p.offset(), "conversation:message", "{\"m\":\"h\\u00e9\"}"));
    }
    // the same user id in another company got nothing
    assertThat(streams.position(other, user)).isEqualTo(sameIdOtherCompany);
    // and each stream goes on from there
    assertThat(append("after", "{}")).isEqualTo(new StreamPosition(userStart.epoch(), 3));
    assertThat(streams.appendAll(company, Set.of(), "x", "{}")).isEmpty();
  }

  @Test
  void appendAllTrimsEachStreamToTheWindowAndTheSizeCap() {
    UserId other = UserId.of("o-" + UUID.randomUUID());
    Set<UserId> both = new java.util.LinkedHashSet<>(List.of(user, other));
    StreamPosition start = streams.position(company, user);
    StreamPosition otherStart = streams.position(company, other);
    streams.appendAll(company, both, "old", "{}");
    clock.advance(Duration.ofSeconds(121));
    streams.appendAll(company, both, "new", "{}");
    assertThat(lostReason(start)).isEqualTo(StreamRead.Reason.HISTORY_TRIMMED);
    assertThat(readAll(new StreamPosition(start.epoch(), 1)))
        .extracting(KeptEvent::type)
        .containsExactly("new");
    StreamRead r = streams.readAfter(company, other, otherStart, 10);
    assertThat(r).isInstanceOf(StreamRead.Lost.class);
    for (int i = 0; i < 300; i++) {
      streams.appendAll(company, both, "e", "{\"i\":" + i + "}");
    }
    assertThat(lostReason(new StreamPosition(start.epoch(), 2)))
        .isEqualTo(StreamRead.Reason.HISTORY_TRIMMED);
    assertThat(readAll(new StreamPosition(start.epoch(), 297)))
        .extracting(KeptEvent::offset)
        .containsExactly(298L, 299L, 300L, 301L, 302L);
  }

  @Test
  @Timeout(60)
  void appendAllConcurrentWithSingleAppendsGivesEachStreamDistinctConsecutiveOffsets()
      throws Exception {
    UserEventStreams big = newStreams(new StreamLimits(Duration.ofMinutes(2), 10_000), clock);
    UserId second = UserId.of("s-" + UUID.randomUUID());
    Set<UserId> both = Set.of(user, second);
    int each = 100;
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < each; i++) {
                    big.appendAll(company, both, "all", "{}");
                  }
                }));
      }
      futures.add(
          pool.submit(
              () -> {
                for (int i = 0; i < each; i++) {
                  big.append(company, user, "one", "{}");
                }
              }));
      for (Future<?> f : futures) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    for (UserId u : both) {
      StreamPosition end = big.position(company, u);
      List<KeptEvent> all =
          ((StreamRead.Events)
                  big.readAfter(company, u, new StreamPosition(end.epoch(), 0), 10_000))
              .events();
      int expected = u.equals(user) ? 3 * each : 2 * each;
      assertThat(all).as("%s", u).hasSize(expected);
      for (int i = 0; i < all.size(); i++) {
        assertThat(all.get(i).offset()).isEqualTo(i + 1L);
      }
    }
  }

  @Test
  @Timeout(60)
  void concurrentAppendsGetDistinctConsecutiveOffsets() throws Exception {
    UserEventStreams big = newStreams(new StreamLimits(Duration.ofMinutes(2), 10_000), clock);
    StreamPosition start = big.position(company, user);
    int threads = 4;
    int each = 100;
    Set<Long> offsets = ConcurrentHashMap.newKeySet();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < each; i++) {
                    offsets.add(
                        big.append(company, user, "e", "{\"t\":" + thread + ",\"i\":" + i + "}")
                            .offset());
                  }
                }));
      }
      for (Future<?> f : futures) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(offsets).hasSize(threads * each);
    List<KeptEvent> all =
        ((StreamRead.Events) big.readAfter(company, user, start, 10_000)).events();
    assertThat(all).hasSize(threads * each);
    for (int i = 0; i < all.size(); i++) {
      assertThat(all.get(i).offset()).isEqualTo(i + 1L);
    }
    // per appending thread, the order of its own appends is kept
    for (int t = 0; t < threads; t++) {
      String prefix = "{\"t\":" + t + ",";
      List<String> mine =
          all.stream().map(KeptEvent::payloadJson).filter(p -> p.startsWith(prefix)).toList();
      for (int i = 0; i < each; i++) {
        assertThat(mine.get(i)).isEqualTo(prefix + "\"i\":" + i + "}");
      }
    }
  }
}
