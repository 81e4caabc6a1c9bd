package io.realtimekit.infrastructure.memory;

import io.realtimekit.application.port.KeptEvent;
import io.realtimekit.application.port.StreamLimits;
import io.realtimekit.application.port.StreamPosition;
import io.realtimekit.application.port.StreamRead;
import io.realtimekit.application.port.UserEventStreams;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.UserId;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link UserEventStreams} of one node, in memory: a ring of at most {@code maxEvents} events per
 * user, trimmed to the window on every append and read, and every half window for all users (by the
 * appending thread, so no timer is needed). A user whose events all aged out keeps only its
 * position (epoch and last offset, about 150 bytes) for {@code idleRetention} (default 1 hour), so
 * that a client idle for a while still recovers; then it is forgotten, and its next stream starts a
 * new epoch.
 *
 * <p>Every stream's epoch is random, drawn when the stream is created: a restarted node, or a
 * forgotten stream, never reuses one. Memory is bounded by users × min(maxEvents, events received
 * in one window); a payload fanned out to many users is one shared string.
 */
public final class InMemoryUserEventStreams implements UserEventStreams {
  /** How long a stream with no event left keeps its position, by default. */
  public static final Duration DEFAULT_IDLE_RETENTION = Duration.ofHours(1);

  private final long windowMillis;
  private final int maxEvents;
  private final long idleRetentionMillis;
  private final Clock clock;
  private final Map<Key, Stream> streams = new ConcurrentHashMap<>();
  private final AtomicLong nextSweep = new AtomicLong();

  /** Streams with the default limits (2 minutes, 1,000 events), on the system clock. */
  public InMemoryUserEventStreams() {
    this(StreamLimits.DEFAULTS, Clock.systemUTC());
  }

  /**
   * @param limits window and size cap per user
   * @param clock the time source of the window
   */
  public InMemoryUserEventStreams(StreamLimits limits, Clock clock) {
    this(limits, clock, DEFAULT_IDLE_RETENTION);
  }

  /**
   * @param limits window and size cap per user
   * @param clock the time source of the window
   * @param idleRetention how long a stream with no event left keeps its position (at least the
   *     window)
   */
  public InMemoryUserEventStreams(StreamLimits limits, Clock clock, Duration idleRetention) {
    Objects.requireNonNull(limits, "limits");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.windowMillis = limits.window().toMillis();
    this.maxEvents = limits.maxEvents();
    this.idleRetentionMillis = Math.max(windowMillis, idleRetention.toMillis());
  }

  private record Key(CompanyId companyId, UserId userId) {}

  /** One user's stream; every access holds its lock. */
  private static final class Stream {
    final String epoch = newEpoch();
    long last;
    long lastAppendMillis;
    boolean forgotten;
    // a ring: events[(head + i) % capacity], i < size; grown on demand up to maxEvents
    KeptEvent[] events = new KeptEvent[4];
    long[] times = new long[4];
    int head;
    int size;

    long firstOffset() {
      return last - size + 1;
    }

    void add(KeptEvent e, long now, int max) {
      if (size == max) {
        removeFirst();
      }
      if (size == events.length) {
        grow(max);
      }
      int i = (head + size) % events.length;
      events[i] = e;
      times[i] = now;
      size++;
    }

    void removeFirst() {
      events[head] = null;
      head = (head + 1) % events.length;
      size--;
    }

    void trim(long cutoff) {
      while (size > 0 && times[head] < cutoff) {
        removeFirst();
      }
    }

    KeptEvent get(int i) {
      return events[(head + i) % events.length];
    }

    private void grow(int max) {
      int cap = Math.min(max, events.length * 2);
      KeptEvent[] e = new KeptEvent[cap];
      long[] t = new long[cap];
      for (int i = 0; i < size; i++) {
        e[i] = events[(head + i) % events.length];
        t[i] = times[(head + i) % events.length];
      }
      events = e;
      times = t;
      head = 0;
    }
  }

  private static String newEpoch() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return Long.toString(r.nextLong() & Long.MAX_VALUE, 36)
        + Long.toString(r.nextLong() & Long.MAX_VALUE, 36);
  }

  @Override
  public StreamPosition append(
      CompanyId companyId, UserId userId, String type, String payloadJson) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(payloadJson, "payloadJson");
    long now = clock.millis();
    sweepIfDue(now);
    return appendAt(new Key(companyId, userId), new Pending(type, payloadJson), now);
  }

  /**
   * The same event appended to each user's stream at one time, every user getting its own offset;
   * the payload is one shared string.
   */
  @Override
  public Map<UserId, StreamPosition> appendAll(
      CompanyId companyId, Set<UserId> userIds, String type, String payloadJson) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(payloadJson, "payloadJson");
    long now = clock.millis();
    sweepIfDue(now);
    Pending event = new Pending(type, payloadJson);
    Map<UserId, StreamPosition> positions = new LinkedHashMap<>();
    for (UserId u : userIds) {
      positions.put(u, appendAt(new Key(companyId, u), event, now));
    }
    return positions;
  }

  private record Pending(String type, String payloadJson) {}

  private StreamPosition appendAt(Key key, Pending event, long now) {
    while (true) {
      Stream s = streams.computeIfAbsent(key, k -> new Stream());
      synchronized (s) {
        if (s.forgotten) {
          continue; // removed by a sweep meanwhile: take the new one
        }
        s.trim(now - windowMillis);
        long offset = ++s.last;
        s.add(new KeptEvent(offset, event.type(), event.payloadJson()), now, maxEvents);
        s.lastAppendMillis = now;
        return new StreamPosition(s.epoch, offset);
      }
    }
  }

  @Override
  public StreamRead readAfter(
      CompanyId companyId, UserId userId, StreamPosition after, int maxCount) {
    if (maxCount < 1) {
      throw new IllegalArgumentException("maxCount must be positive");
    }
    long now = clock.millis();
    Stream s = live(new Key(companyId, userId));
    synchronized (s) {
      s.trim(now - windowMillis);
      StreamPosition current = new StreamPosition(s.epoch, s.last);
      if (!s.epoch.equals(after.epoch())) {
        return new StreamRead.Lost(StreamRead.Reason.EPOCH_CHANGED, current);
      }
      if (after.offset() > s.last) {
        return new StreamRead.Lost(StreamRead.Reason.AHEAD_OF_STREAM, current);
      }
      if (after.offset() + 1 < s.firstOffset()) {
        return new StreamRead.Lost(StreamRead.Reason.HISTORY_TRIMMED, current);
      }
      int from = (int) (after.offset() + 1 - s.firstOffset());
      int n = Math.min(maxCount, s.size - from);
      List<KeptEvent> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        out.add(s.get(from + i));
      }
      return new StreamRead.Events(out, current);
    }
  }

  @Override
  public StreamPosition position(CompanyId companyId, UserId userId) {
    Stream s = live(new Key(companyId, userId));
    synchronized (s) {
      return new StreamPosition(s.epoch, s.last);
    }
  }

  /** The stream of {@code key}, created (new epoch) when absent; never one a sweep just forgot. */
  private Stream live(Key key) {
    while (true) {
      Stream s =
          streams.computeIfAbsent(
              key,
              k -> {
                Stream fresh = new Stream();
                fresh.lastAppendMillis = clock.millis();
                return fresh;
              });
      synchronized (s) {
        if (!s.forgotten) {
          return s;
        }
      }
    }
  }

  @Override
  public void trim() {
    long now = clock.millis();
    for (Map.Entry<Key, Stream> e : streams.entrySet()) {
      Stream s = e.getValue();
      synchronized (s) {
        s.trim(now - windowMillis);
        if (s.size == 0) {
          if (s.events.length > 4) {
            s.events = new KeptEvent[4]; // give a burst's ring back
            s.times = new long[4];
            s.head = 0;
          }
          if (now - s.lastAppendMillis >= idleRetentionMillis) {
            s.forgotten = true;
            streams.remove(e.getKey(), s);
          }
        }
      }
    }
  }

  /** Sweeps every stream at most once per half window, on the thread of an append. */
  private void sweepIfDue(long now) {
    long due = nextSweep.get();
    if (now >= due && nextSweep.compareAndSet(due, now + Math.max(1, windowMillis / 2))) {
      trim();
    }
  }

  /** How many users have a stream (for tests and memory estimates). */
  public int size() {
    return streams.size();
  }
}
