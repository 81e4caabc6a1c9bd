package io.realtimekit.application.bus;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A copy-on-write list of middleware, registered and removed through {@link Registration}. */
final class MiddlewareChain<M> {
  private final CopyOnWriteArrayList<M> items = new CopyOnWriteArrayList<>();

  Registration add(M middleware) {
    java.util.Objects.requireNonNull(middleware, "middleware");
    items.add(middleware);
    return () -> items.remove(middleware);
  }

  /** A snapshot, outermost first. */
  List<M> snapshot() {
    return items;
  }
}
