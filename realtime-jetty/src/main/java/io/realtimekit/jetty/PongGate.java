package io.realtimekit.jetty;

import java.nio.ByteBuffer;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;

/**
 * The pongs of one socket, bounded: at most one pong is handed to Jetty at a time. A ping that
 * arrives while a pong is still unwritten is coalesced: only the latest such ping is answered, once
 * the pong in flight was written (RFC 6455, section 5.5.3, allows answering only the most recent
 * ping). So a client that sends pings and reads nothing holds one pong and one payload (at most 125
 * bytes each) on the server, never a queue.
 *
 * <p>The pongs such a client owes count against the connection's outbound bound ({@code
 * outboundQueueBytes}): every coalesced ping adds the size of its pong to a debt, cleared each time
 * a pong is written; {@link #answer} returns false once the debt passes the bound, and the socket
 * is then closed with 4429, as a reader too slow for its data frames is.
 *
 * <p>Thread-safe.
 */
final class PongGate {
  /** The header of a pong from the server: 2 bytes (a payload under 126 bytes, no mask). */
  private static final int HEADER_BYTES = 2;

  private final CoreSession session;
  private final long maxDebt;
  private boolean inFlight;
  private ByteBuffer next;
  private long debt;
  private int bytesInFlight;

  PongGate(CoreSession session, long maxDebt) {
    this.session = session;
    this.maxDebt = maxDebt;
  }

  /**
   * Answers a ping carrying {@code payload} (a copy the gate may keep): now when no pong is in
   * flight, else once it was written. False when the socket owes more pongs than the bound.
   */
  boolean answer(ByteBuffer payload) {
    synchronized (this) {
      if (inFlight) {
        next = payload;
        debt += HEADER_BYTES + payload.remaining();
        return debt <= maxDebt;
      }
      inFlight = true;
    }
    send(payload);
    return true;
  }

  /** Bytes of the pong handed to Jetty and not yet written (0 when none). */
  synchronized long bytesInFlight() {
    return bytesInFlight;
  }

  private void send(ByteBuffer payload) {
    int size = HEADER_BYTES + payload.remaining();
    synchronized (this) {
      bytesInFlight = size;
    }
    session.sendFrame(
        new Frame(OpCode.PONG, payload), Callback.from(this::written, x -> failed()), false);
  }

  private void written() {
    ByteBuffer following;
    synchronized (this) {
      bytesInFlight = 0;
      debt = 0; // the client reads: what it owed is forgiven
      following = next;
      next = null;
      inFlight = following != null;
    }
    if (following != null) {
      send(following);
    }
  }

  private synchronized void failed() {
    bytesInFlight = 0;
    next = null; // the socket is going away; inFlight stays true so that nothing more is sent
  }
}
