package io.realtimekit.testing;

import io.realtimekit.application.port.TaskScheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A {@link TaskScheduler} and {@link Clock} driven by the test: time stands still until {@link
 * #advance} moves it, and then the tasks that fell due run on the test's thread, in order.
 */
public final class ManualScheduler extends Clock implements TaskScheduler {
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private final List<Task> tasks = new ArrayList<>();
  private long seq;

  private static final class Task {
    final Instant due;
    final long order;
    final Runnable run;
    boolean cancelled;

    Task(Instant due, long order, Runnable run) {
      this.due = due;
      this.order = order;
      this.run = run;
    }
  }

  @Override
  public synchronized Cancellable schedule(Duration delay, Runnable task) {
    Task t = new Task(now.plus(delay), seq++, task);
    tasks.add(t);
    return () -> {
      synchronized (this) {
        t.cancelled = true;
      }
    };
  }

  /** Moves time forward and runs every task that falls due, in due order. */
  public void advance(Duration d) {
    Instant target;
    synchronized (this) {
      target = now.plus(d);
    }
    while (true) {
      Task next;
      synchronized (this) {
        next =
            tasks.stream()
                .filter(t -> !t.cancelled && !t.due.isAfter(target))
                .min(
                    Comparator.<Task, Instant>comparing(t -> t.due).thenComparingLong(t -> t.order))
                .orElse(null);
        if (next == null) {
          now = target;
          return;
        }
        tasks.remove(next);
        if (next.due.isAfter(now)) {
          now = next.due;
        }
      }
      next.run.run();
    }
  }

  /** Tasks scheduled and not cancelled nor run. */
  public synchronized long pending() {
    return tasks.stream().filter(t -> !t.cancelled).count();
  }

  @Override
  public void close() {}

  @Override
  public ZoneOffset getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(java.time.ZoneId zone) {
    return this; // always UTC
  }

  @Override
  public synchronized Instant instant() {
    return now;
  }
}
