package io.realtimekit.transport.socketio;

import io.realtimekit.protocol.CloseCodes;
import io.realtimekit.protocol.socketio.EngineIo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server pings of one {@link EngineSession}: a ping every {@code pingInterval}, and the session
 * closed ({@link CloseCodes#GOING_AWAY}) when its pong is not back within {@code pingTimeout}. This
 * is also how a polling client that stopped polling is expired.
 *
 * <p>It holds two deadlines, no timer: the transport's {@link HeartbeatSweep} calls {@link #tick}
 * for every session a few times per ping interval, so an idle session costs two numbers instead of
 * a scheduled task. The deadlines are guarded by the session's lock, which this class takes itself.
 */
final class EngineHeartbeat {
  private static final Logger log = LoggerFactory.getLogger(EngineHeartbeat.class);
  private static final long NONE = Long.MIN_VALUE;

  private final EngineSession session;
  private final long pingIntervalMillis;
  private final long pingTimeoutMillis;
  private long nextPingAt = NONE; // when the next ping is due; NONE before start
  private long pongDeadline = NONE; // when the pong of the ping sent is overdue; NONE if none sent

  EngineHeartbeat(EngineSession session, long pingIntervalMillis, long pingTimeoutMillis) {
    this.session = session;
    this.pingIntervalMillis = pingIntervalMillis;
    this.pingTimeoutMillis = pingTimeoutMillis;
  }

  /** The first ping falls due a ping interval after {@code nowMillis}. */
  void start(long nowMillis) {
    synchronized (session) {
      nextPingAt = nowMillis + pingIntervalMillis;
      pongDeadline = NONE;
    }
  }

  /**
   * One pass of the sweep at {@code nowMillis}: the session is closed when its pong is overdue, or
   * pinged when its ping is due; nothing otherwise. Writes happen outside the session's lock.
   */
  void tick(long nowMillis) {
    boolean ping = false;
    boolean overdue = false;
    synchronized (session) {
      if (session.isClosed() || nextPingAt == NONE) {
        return;
      }
      if (pongDeadline != NONE) {
        overdue = nowMillis - pongDeadline >= 0;
      } else if (nowMillis - nextPingAt >= 0) {
        pongDeadline = nowMillis + pingTimeoutMillis;
        ping = true;
      }
    }
    if (overdue) {
      log.debug("engine session {} missed its pong", session.sid());
      session.closeByServer(CloseCodes.GOING_AWAY, "ping timeout");
    } else if (ping) {
      session.send(String.valueOf(EngineIo.PING), EngineSession.NO_COMPLETION);
    }
  }

  /** The client's pong at {@code nowMillis}: the next ping falls due a ping interval later. */
  void pong(long nowMillis) {
    synchronized (session) {
      if (pongDeadline == NONE) {
        return; // no ping waits for it
      }
      pongDeadline = NONE;
      nextPingAt = nowMillis + pingIntervalMillis;
    }
  }
}
