package io.realtimekit.application.port;

import java.time.Duration;

/**
 * Runs a task later: grace periods, authentication timeouts, token expiry. The default runs on one
 * daemon thread owned by the {@code Realtime}; tests may supply a manual one.
 *
 * <p>Contract: tasks run at or after their delay, on a thread that must not block for long;
 * cancelling a task that already ran is harmless; after the scheduler is closed new tasks are
 * ignored.
 */
public interface TaskScheduler extends AutoCloseable {

  /** Runs {@code task} once after {@code delay}; the returned handle cancels it. */
  Cancellable schedule(Duration delay, Runnable task);

  /** Stops the scheduler and releases its thread; pending tasks are dropped. */
  @Override
  void close();

  /** A scheduled task that can still be cancelled. */
  @FunctionalInterface
  interface Cancellable {
    /** Cancels the task if it has not run yet. */
    void cancel();
  }
}
