package io.realtimekit.application.assignment;

import io.realtimekit.application.bus.EventBus;
import io.realtimekit.application.bus.Registration;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.UserId;
import io.realtimekit.domain.assignment.SalesFloor;
import io.realtimekit.domain.event.EventIds;
import io.realtimekit.domain.event.UserDisconnected;
import io.realtimekit.domain.event.VisitorAssigned;
import io.realtimekit.domain.event.VisitorQueued;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Coalesces the announcements of queue positions, so that a change at the head of a long queue does
 * not cost one frame per waiting visitor. The rule, per visitor: a visitor that joins the queue is
 * told its position at once (the floor's own {@link VisitorQueued}); afterwards it is told again
 * only when its position changed, at most once per {@code interval} (one second by default), and
 * always its latest position.
 *
 * <p>How: a change to the floor that moves waiting visitors only flags the company ({@link
 * #queueMoved}); at most once per interval per company, a flush reads the queue in order and
 * publishes a {@link VisitorQueued} for each visitor whose position differs from the one it was
 * last told and who was not told anything during the last interval; those it had to skip get a
 * further flush one interval later. Flushes run on the company's serial executor, in line with the
 * changes to its floor, so what they read is current. The announcer turns each {@link
 * VisitorQueued} into {@code visitor:queued}.
 */
final class QueuePositions {
  /** What one visitor was last told. */
  private record Told(int position, Instant at) {}

  /** The state of one company: what each waiting visitor was told, and when the last flush ran. */
  private static final class Company {
    Map<UserId, Told> told = new HashMap<>();
    Instant lastFlush = Instant.MIN;
    boolean flushScheduled;
  }

  private final EventBus events;
  private final Clock clock;
  private final Duration interval;
  private final Map<CompanyId, Company> companies = new ConcurrentHashMap<>();

  /** Schedules a flush of a company on its serial executor after a delay. */
  private final FlushScheduler later;

  /** Runs a flush of a company after a delay, on the company's serial executor. */
  @FunctionalInterface
  interface FlushScheduler {
    void flushLater(CompanyId company, Duration delay);
  }

  QueuePositions(EventBus events, Clock clock, Duration interval, FlushScheduler later) {
    this.events = events;
    this.clock = clock;
    this.interval = interval;
    this.later = later;
  }

  /** Records what visitors are told, and forgets those who no longer wait. */
  Registration subscribeTo(EventBus bus) {
    List<Registration> regs =
        List.of(
            bus.subscribe(
                VisitorQueued.class,
                e -> told(e.companyId(), e.visitorId(), e.position(), e.occurredAt())),
            bus.subscribe(VisitorAssigned.class, e -> forget(e.companyId(), e.visitorId())),
            bus.subscribe(UserDisconnected.class, e -> forget(e.companyId(), e.userId())));
    return () -> regs.forEach(Registration::close);
  }

  private void told(CompanyId company, UserId visitor, int position, Instant at) {
    Company c = companies.computeIfAbsent(company, k -> new Company());
    synchronized (c) {
      c.told.put(visitor, new Told(position, at));
    }
  }

  private void forget(CompanyId company, UserId visitor) {
    Company c = companies.get(company);
    if (c != null) {
      synchronized (c) {
        c.told.remove(visitor);
      }
    }
  }

  /**
   * The company's queue moved; called on its serial executor right after the change. Flushes now
   * when the last flush is an interval old, otherwise makes sure one is scheduled.
   *
   * @param floor the floor after the change
   */
  void queueMoved(SalesFloor floor) {
    CompanyId company = floor.companyId();
    Company c = companies.computeIfAbsent(company, k -> new Company());
    Instant now = clock.instant();
    Duration wait;
    synchronized (c) {
      if (c.flushScheduled) {
        return;
      }
      Instant due = c.lastFlush == Instant.MIN ? now : c.lastFlush.plus(interval);
      if (!due.isAfter(now)) {
        wait = Duration.ZERO;
      } else {
        c.flushScheduled = true;
        wait = Duration.between(now, due);
      }
    }
    if (wait.isZero()) {
      flush(floor);
    } else {
      later.flushLater(company, wait);
    }
  }

  /** A scheduled flush is due; called on the company's serial executor with its current floor. */
  void flushDue(SalesFloor floor) {
    Company c = companies.get(floor.companyId());
    if (c != null) {
      synchronized (c) {
        c.flushScheduled = false;
      }
      flush(floor);
    }
  }

  /**
   * A batch of the company failed (the store is unreachable, say): a scheduled flush it carried is
   * forgotten, so that the next queue move flushes again.
   */
  void flushAbandoned(CompanyId company) {
    Company c = companies.get(company);
    if (c != null) {
      synchronized (c) {
        c.flushScheduled = false;
      }
    }
  }

  private void flush(SalesFloor floor) {
    CompanyId company = floor.companyId();
    Company c = companies.computeIfAbsent(company, k -> new Company());
    Instant now = clock.instant();
    boolean skipped = false;
    Map<UserId, Told> told;
    synchronized (c) {
      c.lastFlush = now;
      told = c.told;
      c.told = new HashMap<>();
    }
    Map<UserId, Told> next = new HashMap<>();
    int position = 0;
    List<VisitorQueued> out = new ArrayList<>();
    for (UserId v : floor.queue()) {
      position++;
      Told t = told.get(v);
      if (t != null && t.position() == position) {
        next.put(v, t);
      } else if (t != null && Duration.between(t.at(), now).compareTo(interval) < 0) {
        next.put(v, t);
        skipped = true;
      } else {
        out.add(new VisitorQueued(EventIds.next(), now, company, v, position));
        next.put(v, new Told(position, now));
      }
    }
    boolean schedule;
    synchronized (c) {
      // what was told meanwhile (a newcomer's own event) wins over this flush's bookkeeping
      next.putAll(c.told);
      c.told = next;
      schedule = skipped && !c.flushScheduled;
      if (schedule) {
        c.flushScheduled = true;
      }
      if (next.isEmpty() && !c.flushScheduled) {
        companies.remove(company, c);
      }
    }
    out.forEach(events::publish);
    if (schedule) {
      later.flushLater(company, interval);
    }
  }
}
