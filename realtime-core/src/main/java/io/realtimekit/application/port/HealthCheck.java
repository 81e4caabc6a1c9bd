package io.realtimekit.application.port;

import java.util.Objects;

/**
 * Whether a store or service the node depends on answers now: the repository, Redis, a database.
 * The node's health ({@code Realtime.health()}, served by the adapters at {@code /health}) is down
 * while any of its checks is down.
 *
 * <p>Contract: answers within the store's own timeout (never hangs), never throws (a failure is a
 * {@link Status#down} with a short, client-safe detail), may be called from any thread.
 */
@FunctionalInterface
public interface HealthCheck {

  /** Checks now. */
  Status check();

  /**
   * One answer of a check.
   *
   * @param up true when the store answers
   * @param detail a short explanation (no host name, no credentials), empty when up
   */
  record Status(boolean up, String detail) {
    /** Requires a detail (empty allowed). */
    public Status {
      Objects.requireNonNull(detail, "detail");
    }

    /** The store answers. */
    public static Status ok() {
      return new Status(true, "");
    }

    /** The store does not answer, with why. */
    public static Status down(String detail) {
      return new Status(false, detail);
    }
  }
}
