package io.realtimekit;

import io.realtimekit.application.port.HealthCheck;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The health of one node: up while it runs and every check (repository, Redis, ...) answers.
 *
 * @param up true when the node serves and every check is up
 * @param running true between {@code start()} and {@code close()}
 * @param checks each named check's last answer, in registration order
 */
public record RealtimeHealth(boolean up, boolean running, Map<String, HealthCheck.Status> checks) {
  /** Copies the checks. */
  public RealtimeHealth {
    checks = Collections.unmodifiableMap(new LinkedHashMap<>(checks));
  }
}
