package io.realtimekit.application.bus;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An immutable list of middleware, replaced on every change, registered and removed through {@link
 * Registration}. A dispatch works on the snapshot it took, so a change made while a command is in
 * flight (a one-shot middleware removing itself) neither skips nor repeats a middleware.
 */
final class MiddlewareChain<M> {
  private volatile List<M> items = List.of();

  synchronized Registration add(M middleware) {
    Objects.requireNonNull(middleware, "middleware");
    List<M> next = new ArrayList<>(items);
    next.add(middleware);
    items = List.copyOf(next);
    return Registrations.once(() -> remove(middleware));
  }

  private synchronized void remove(M middleware) {
    List<M> next = new ArrayList<>(items);
    if (next.remove(middleware)) {
      items = List.copyOf(next);
    }
  }

  /** A snapshot, outermost first. */
  List<M> snapshot() {
    return items;
  }
}
