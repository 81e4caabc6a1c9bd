package io.realtimekit.transport;

import io.realtimekit.application.port.CloseReason;
import io.realtimekit.application.port.OutboundEvent;
import io.realtimekit.application.port.TaskScheduler.Cancellable;
import io.realtimekit.domain.ConnectionId;
import io.realtimekit.domain.ErrorCode;
import io.realtimekit.domain.Failure;
import io.realtimekit.protocol.WireFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The send side of one {@link ClientSession}: frames in the session's {@link WireFormat} through
 * its bounded {@link OutboundQueue}, answers to client events, refusals, and the ways the socket
 * closes (after the queued frames are written, with a forced close as a backstop, or at once).
 *
 * <p>Holds no state of the session's lifecycle: the session decides what to send, this class how.
 * Thread-safe as the queue is.
 */
final class SessionOutput {
  private static final Logger log = LoggerFactory.getLogger(SessionOutput.class);
  private static final Duration FORCED_CLOSE_DELAY = Duration.ofSeconds(2);

  private final SessionServices services;
  private final WireFormat format;
  private final TransportConnection transport;
  private final ConnectionId connectionId;
  private final OutboundQueue out;

  private static final AtomicReferenceFieldUpdater<SessionOutput, Thread> DELIVERING =
      AtomicReferenceFieldUpdater.newUpdater(SessionOutput.class, Thread.class, "delivering");

  /** The thread inside {@link #deliver} (one of them when several are), or null. */
  private volatile Thread delivering;

  SessionOutput(
      SessionServices services,
      WireFormat format,
      TransportConnection transport,
      ConnectionId connectionId) {
    this.services = services;
    this.format = format;
    this.transport = transport;
    this.connectionId = connectionId;
    this.out = new OutboundQueue(transport, services.settings().outboundQueueBytes());
  }

  SessionServices services() {
    return services;
  }

  WireFormat format() {
    return format;
  }

  /** Queues a frame the server writes whatever its size (handshake, refusals, errors). */
  void offer(String frame) {
    out.offer(frame, false);
  }

  /**
   * For a paced writer: true when it may offer a frame now, otherwise {@code resume} runs once the
   * queue has drained to half its bound (see {@link OutboundQueue#awaitRoom}).
   */
  boolean awaitRoom(Runnable resume) {
    return out.awaitRoom(resume);
  }

  // ---- answers -------------------------------------------------------------------------------

  void answerFailure(OptionalLong id, Failure failure) {
    services.metrics().error(failure.code());
    String frame =
        id.isPresent() ? format.replyError(id.getAsLong(), failure) : format.errorEvent(failure);
    out.offer(frame, false);
  }

  void answerSuccess(OptionalLong id, Object data) {
    if (id.isPresent()) {
      String frame = format.replyOk(id.getAsLong(), services.codec().json(data));
      if (fits(frame, "reply")) {
        out.offer(frame, false);
      } else {
        answerFailure(id, new Failure(ErrorCode.INTERNAL, "the reply is too large to send"));
      }
    }
  }

  void emitToSelf(String event, Object data) {
    String frame = format.event(event, services.codec().json(data));
    if (fits(frame, event)) {
      out.offer(frame, false);
    }
  }

  // ---- events --------------------------------------------------------------------------------

  /**
   * Queues a delivered event; true when queued. A transient event dropped under pressure and an
   * overflow (which closes the socket as a slow consumer) are counted.
   */
  boolean deliver(OutboundEvent event) {
    return deliver(frameOf(event), event.name(), event.transientEvent());
  }

  /**
   * Queues the frame of a delivered event named {@code name}, as {@link #deliver(OutboundEvent)}.
   */
  boolean deliver(String frame, String name, boolean transientEvent) {
    if (!fits(frame, name)) {
      return false;
    }
    Thread me = Thread.currentThread();
    boolean marked = DELIVERING.compareAndSet(this, null, me);
    OutboundQueue.Offer offer;
    try {
      offer = out.offer(frame, transientEvent);
    } finally {
      if (marked) {
        delivering = null;
      }
    }
    if (offer == OutboundQueue.Offer.DROPPED) {
      services.metrics().transientDropped();
    } else if (offer == OutboundQueue.Offer.OVERFLOW) {
      services.metrics().slowConsumerClosed();
    }
    return offer == OutboundQueue.Offer.QUEUED;
  }

  /**
   * True when the calling thread is inside {@link #deliver} of this socket: a close reported now
   * comes from a write that failed under the deliverer's locks.
   */
  boolean isDelivering() {
    return delivering == Thread.currentThread();
  }

  /** Queues an event held back during the handshake, without the live path's checks. */
  void deliverHeld(OutboundEvent event) {
    out.offer(frameOf(event), event.transientEvent());
  }

  private String frameOf(OutboundEvent e) {
    return e.isKept()
        ? format.event(e.name(), e.position().epoch(), e.offset(), e.dataJson())
        : format.event(e.name(), e.dataJson());
  }

  /**
   * Whether {@code frame} is within the outbound frame limit. A larger one is never queued (it
   * would overflow the queue and close this socket for the server's own frame): it is logged and
   * dropped, and the caller answers otherwise.
   */
  private boolean fits(String frame, String what) {
    long limit = services.settings().outboundFrameLimit();
    if (frame.length() <= limit) {
      return true;
    }
    log.warn(
        "socket {}: {} of {} characters not sent, over the outbound frame limit of {}",
        connectionId,
        what,
        frame.length(),
        limit);
    return false;
  }

  // ---- refusals ------------------------------------------------------------------------------

  /** A socket over a per-user or per-address limit: RATE_LIMITED, then 4429. */
  void refuseOverLimit(ClientBudgets.Refusal refusal) {
    services.metrics().refused(refusal.metric);
    log.debug("socket {} refused: {}", connectionId, refusal);
    out.offer(format.refused(new Failure(ErrorCode.RATE_LIMITED, refusal.message)), false);
    closeAfterFlush(CloseReason.RATE_LIMITED, refusal.message);
  }

  void refuse(String reason) {
    refuse(CloseReason.AUTH_FAILED, reason);
  }

  void refuse(CloseReason closeReason, String reason) {
    services.metrics().refused("unauthorized");
    log.debug("socket {} refused: {}", connectionId, reason);
    out.offer(format.refused(new Failure(ErrorCode.UNAUTHORIZED, reason)), false);
    closeAfterFlush(closeReason, "unauthorized");
  }

  /** {@code ConnectUser} failed: the refusal its failure calls for, then the close. */
  void refuseConnect(Failure f) {
    if (f.code().equals(ErrorCode.UNAUTHORIZED)) {
      refuse(f.message()); // the same frame, close code and reason as a refused token
      return;
    }
    out.offer(format.refused(f), false);
    if (f.code().equals(ErrorCode.UNAVAILABLE)) {
      services.metrics().refused("unavailable");
      closeAfterFlush(CloseReason.STORE_UNAVAILABLE, "try again later");
      return;
    }
    boolean internal = f.code().equals(ErrorCode.INTERNAL);
    closeAfterFlush(
        internal ? CloseReason.INTERNAL_ERROR : CloseReason.AUTH_FAILED,
        internal ? "internal error" : "refused");
  }

  /** A connection error frame (a refused refresh, an expired token), then the close. */
  void connectionError(Failure failure, CloseReason why, String reason) {
    out.offer(format.connectionError(failure), false);
    closeAfterFlush(why, reason);
  }

  /** Schedules the close of a socket whose token expires at {@code expiresAt}. */
  Cancellable closeAtExpiry(Instant expiresAt) {
    Duration left = Duration.between(services.clock().instant(), expiresAt);
    return services
        .scheduler()
        .schedule(
            left.isNegative() ? Duration.ZERO : left,
            () -> {
              log.debug("socket {} token expired", connectionId);
              connectionError(
                  new Failure(ErrorCode.UNAUTHORIZED, "token expired"),
                  CloseReason.TOKEN_EXPIRED,
                  "token expired");
            });
  }

  // ---- closing -------------------------------------------------------------------------------

  /** The protocol's farewell frame if it has one, then the close after the queue drains. */
  void farewell(CloseReason why, String reason) {
    String farewell = format.farewell(CloseReasonCodes.code(why));
    if (farewell != null) {
      out.offer(farewell, false);
    }
    closeAfterFlush(why, reason);
  }

  void closeAfterFlush(CloseReason why, String reason) {
    int code = CloseReasonCodes.code(why);
    out.closeAfterFlush(code, reason);
    services.scheduler().schedule(FORCED_CLOSE_DELAY, () -> transport.close(code, reason));
  }

  void closeNow(CloseReason why, String reason) {
    out.release();
    transport.close(CloseReasonCodes.code(why), reason);
  }

  /** Drops what is queued: the socket is gone. */
  void release() {
    out.release();
  }
}
