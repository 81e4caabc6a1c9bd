package io.realtimekit.transport.socketio;

import io.realtimekit.application.port.TaskScheduler;
import io.realtimekit.application.port.TaskScheduler.Cancellable;
import io.realtimekit.protocol.CloseCodes;
import io.realtimekit.protocol.socketio.EngineIo;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server pings of one {@link EngineSession}: a ping every {@code pingInterval}, and the session
 * closed ({@link CloseCodes#GOING_AWAY}) when its pong is not back within {@code pingTimeout}. This
 * is also how a polling client that stopped polling is expired.
 *
 * <p>The timers are guarded by the session's lock, which this class takes itself; {@link #cancel}
 * is called with it held, when the session closes.
 */
final class EngineHeartbeat {
  private static final Logger log = LoggerFactory.getLogger(EngineHeartbeat.class);

  private final EngineSession session;
  private final TaskScheduler scheduler;
  private final Duration pingInterval;
  private final Duration pingTimeout;
  private Cancellable pingTimer;
  private Cancellable pongTimer;

  EngineHeartbeat(
      EngineSession session, TaskScheduler scheduler, Duration pingInterval, Duration pingTimeout) {
    this.session = session;
    this.scheduler = scheduler;
    this.pingInterval = pingInterval;
    this.pingTimeout = pingTimeout;
  }

  /** Schedules the next ping, unless the session is closed. */
  void schedulePing() {
    synchronized (session) {
      if (!session.isClosed()) {
        pingTimer = scheduler.schedule(pingInterval, this::ping);
      }
    }
  }

  private void ping() {
    synchronized (session) {
      if (session.isClosed()) {
        return;
      }
      pongTimer =
          scheduler.schedule(
              pingTimeout,
              () -> {
                log.debug("engine session {} missed its pong", session.sid());
                session.closeByServer(CloseCodes.GOING_AWAY, "ping timeout");
              });
    }
    session.send(String.valueOf(EngineIo.PING), EngineSession.NO_COMPLETION);
  }

  /** The client's pong: the next ping is scheduled, if a ping waited for it. */
  void pong() {
    synchronized (session) {
      if (pongTimer == null) {
        return; // no ping waits for it
      }
      pongTimer.cancel();
      pongTimer = null;
    }
    schedulePing();
  }

  /** Cancels both timers; the session's lock is held. */
  void cancel() {
    if (pingTimer != null) {
      pingTimer.cancel();
    }
    if (pongTimer != null) {
      pongTimer.cancel();
    }
  }
}
