package io.realtimekit.transport.socketio;

import io.realtimekit.application.port.TaskScheduler;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One timer for the pings of every Engine.IO session of a transport, instead of one per session: a
 * pass every {@code tick} (a twentieth of the shorter of the ping interval and the ping timeout,
 * between 5 and 100 ms) hands each session's {@link EngineHeartbeat} the time, and the heartbeat
 * pings or closes the sessions that fell due (by the sessions' clock, {@code
 * SessionServices.clock()}, which the sweep reads too). A ping goes out at most one tick late. The
 * short tick keeps the pings spread as the sessions' own timers spread them: with 11,000 sessions
 * and the default 25 s interval, 44 pings a pass instead of 440 at once (a burst that, with their
 * pongs, delays the chat frames behind it).
 *
 * <p>The sweep runs while there are sessions: it starts with the first ({@link #ensureRunning}),
 * stops after a pass that found none, and stops for good when the scheduler is closed (it then
 * accepts no task).
 */
final class HeartbeatSweep {
  private static final Logger log = LoggerFactory.getLogger(HeartbeatSweep.class);

  private final TaskScheduler scheduler;
  private final Clock clock;
  private final Collection<EngineSession> sessions;
  private final Duration tick;
  private final AtomicBoolean running = new AtomicBoolean();

  HeartbeatSweep(
      TaskScheduler scheduler,
      Clock clock,
      Collection<EngineSession> sessions,
      Duration pingInterval,
      Duration pingTimeout) {
    this.scheduler = scheduler;
    this.clock = clock;
    this.sessions = sessions;
    long shorter = Math.min(pingInterval.toMillis(), pingTimeout.toMillis());
    this.tick = Duration.ofMillis(Math.max(5, Math.min(100, shorter / 20)));
  }

  /** Starts the passes unless they run; called when a session is added. */
  void ensureRunning() {
    if (running.compareAndSet(false, true)) {
      scheduler.schedule(tick, this::pass);
    }
  }

  private void pass() {
    long now = clock.millis();
    for (EngineSession s : sessions) {
      try {
        s.heartbeat.tick(now);
      } catch (RuntimeException e) {
        log.warn("heartbeat of engine session {} failed", s.sid(), e);
      }
    }
    if (!sessions.isEmpty()) {
      scheduler.schedule(tick, this::pass);
      return;
    }
    running.set(false);
    if (!sessions.isEmpty()) {
      ensureRunning(); // a session was added after the check
    }
  }
}
