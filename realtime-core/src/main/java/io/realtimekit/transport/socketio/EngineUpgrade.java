package io.realtimekit.transport.socketio;

import io.realtimekit.protocol.socketio.EngineIo;
import io.realtimekit.transport.SendCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upgrade of one polling {@link EngineSession} to WebSocket: a WebSocket naming the session
 * sends {@code 2probe} and is answered {@code 3probe} (a poll in flight is ended with a noop), then
 * sends {@code 5} and becomes the session's transport, the packets waiting for a poll moving to it.
 * A probe that closes before its {@code 5} is a failed upgrade: polling goes on.
 *
 * <p>Its state (the WebSocket being probed) is guarded by the session's lock, which this class
 * takes itself; the methods documented so are called with it held.
 */
final class EngineUpgrade {
  private static final Logger log = LoggerFactory.getLogger(EngineUpgrade.class);

  private final EngineSession session;
  private final PollingBuffer polling;
  private WebSocketWriter probe; // a WebSocket being probed for an upgrade

  EngineUpgrade(EngineSession session, PollingBuffer polling) {
    this.session = session;
    this.polling = polling;
  }

  /** A WebSocket for the session sent {@code 2probe}: answers {@code 3probe}; false if refused. */
  boolean probe(WebSocketWriter candidate) {
    PollingBuffer.Answer answer;
    synchronized (session) {
      if (session.isClosed() || session.isUpgraded() || probe != null) {
        return false;
      }
      probe = candidate;
      if (polling.isParked()) {
        polling.add(
            String.valueOf(EngineIo.NOOP), EngineSession.NO_COMPLETION); // ends the poll in flight
      }
      answer = polling.takeAnswer();
    }
    candidate.write(EngineIo.PROBE_ANSWER, EngineSession.NO_COMPLETION);
    if (answer != null) {
      answer.send();
    }
    return true;
  }

  /** The probed WebSocket sent {@code 5}: it becomes the transport; waiting packets move to it. */
  void upgrade(WebSocketWriter candidate) {
    PollResponder poll;
    PollingBuffer.Drained drained;
    synchronized (session) {
      if (session.isClosed() || probe != candidate) {
        return;
      }
      probe = null;
      session.switchTo(candidate);
      poll = polling.takeParked();
      drained = polling.drain();
    }
    if (poll != null) {
      poll.respond(PollResponse.ok(String.valueOf(EngineIo.NOOP)));
    }
    for (String packet : drained.packets()) {
      candidate.write(packet, EngineSession.NO_COMPLETION);
    }
    drained.completions().forEach(SendCallback::succeeded);
    log.debug("engine session {} upgraded to websocket", session.sid());
  }

  /** Whether an upgrade is under way (the session's lock is held). */
  boolean isUnderWay() {
    return probe != null;
  }

  /**
   * Forgets {@code ws} if it is the WebSocket being probed, which closed (the session's lock is
   * held); true when it was.
   */
  boolean probeClosed(WebSocketWriter ws) {
    if (probe == ws) {
      probe = null;
      return true;
    }
    return false;
  }

  /** The WebSocket being probed, now abandoned as the session closes; null when none (locked). */
  WebSocketWriter abandon() {
    WebSocketWriter w = probe;
    probe = null;
    return w;
  }
}
