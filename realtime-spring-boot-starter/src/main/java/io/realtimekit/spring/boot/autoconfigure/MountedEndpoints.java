package io.realtimekit.spring.boot.autoconfigure;

import java.time.Duration;

/**
 * The WebSocket endpoints a container mounted for the Realtime, as the lifecycle sees them: no
 * container type appears here, so the lifecycle loads in any application.
 */
public interface MountedEndpoints {
  /**
   * Asks every open socket to close with {@code code} and waits at most {@code timeout} for them to
   * be closed; true when all closed in time.
   */
  boolean closeAll(int code, String reason, Duration timeout);

  /** Releases the endpoints' own threads, once the container stopped. Idempotent. */
  void close();
}
