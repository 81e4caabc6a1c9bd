package io.realtimekit.application.bus;

import java.util.concurrent.atomic.AtomicBoolean;

/** Builds {@link Registration}s that undo their registration once, however often closed. */
final class Registrations {
  private Registrations() {}

  /**
   * A registration running {@code undo} on its first close only, so that closing it again cannot
   * remove a later registration of the same handler or middleware.
   */
  static Registration once(Runnable undo) {
    AtomicBoolean closed = new AtomicBoolean();
    return () -> {
      if (closed.compareAndSet(false, true)) {
        undo.run();
      }
    };
  }
}
