package io.realtimekit.transport;

import io.realtimekit.application.port.KeptEvent;
import io.realtimekit.application.port.OutboundEvent;
import io.realtimekit.application.port.StreamPosition;
import io.realtimekit.application.port.StreamRead;
import io.realtimekit.application.port.TaskScheduler;
import io.realtimekit.application.port.UserEventStreams;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.UserId;
import io.realtimekit.protocol.WireFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the kept events of one open socket in offset order, without a gap, each once. A client
 * keeps the highest offset it received (native) or the last one (Socket.IO's {@code _lastOffset})
 * and recovers after it: an event written after a higher one, or never written while higher ones
 * were, would be skipped by its next recovery, and one written twice would be delivered twice.
 *
 * <p>Live kept events can arrive out of order or not at all: across nodes, the publishes of two
 * nodes appending to one user's stream race (offset 8 appended on node A, offset 9 on node B, and
 * B's local socket gets 9 before A's publish of 8 arrives); a sender's node with a stale idea of
 * where the receiver is (its cache of {@code knownUserTtl}) publishes to the node the receiver just
 * left. So an event with the next offset is written at once; one beyond it is held, and if the
 * missing ones do not arrive live within {@link #FILL_DELAY}, they are read from the stream and
 * written in order before it; one at or below the last written offset was written already (live, or
 * read from the stream) and is skipped.
 *
 * <p>{@link #live} runs under the session's lock; a fill is scheduled on the session's timer, then
 * its inbound executor, and reads the store outside the lock. When the store cannot be read, what
 * is held is written in order and the gap stays (the client's next recovery, or its {@code
 * recovered:false}, tells).
 */
final class KeptOrder {
  /** How long a gap may wait for its events to arrive live before they are read. */
  static final Duration FILL_DELAY = Duration.ofMillis(50);

  private static final Logger log = LoggerFactory.getLogger(KeptOrder.class);
  private static final int PAGE = 256;
  private static final int MAX_HELD = 1024;

  /** Where frames go: the session's outbound queue. */
  interface Sink {
    /** Queues a frame of a kept event; false when it was not queued. */
    boolean write(String frame, String name);
  }

  private final UserEventStreams streams;
  private final CompanyId companyId;
  private final UserId userId;
  private final WireFormat format;
  private final Object lock;
  private final Sink sink;
  private final TaskScheduler scheduler;
  private final Executor executor;
  private final TreeMap<Long, OutboundEvent> held = new TreeMap<>();
  private String epoch;
  private long upTo;
  private boolean fillPending;

  /**
   * @param epoch the epoch the handshake wrote in, or null when it could not read the stream (the
   *     first live event then sets the position)
   * @param upTo the offset of the last kept event the handshake wrote (or its starting position)
   * @param lock the session's lock, held when {@code sink} is called
   * @param sink the session's outbound queue (false once the socket is no longer open)
   * @param scheduler delays a fill by {@link #FILL_DELAY}
   * @param executor runs a fill (the session's inbound executor: off the delivery thread)
   */
  KeptOrder(
      UserEventStreams streams,
      CompanyId companyId,
      UserId userId,
      WireFormat format,
      String epoch,
      long upTo,
      Object lock,
      Sink sink,
      TaskScheduler scheduler,
      Executor executor) {
    this.streams = streams;
    this.companyId = companyId;
    this.userId = userId;
    this.format = format;
    this.epoch = epoch;
    this.upTo = upTo;
    this.lock = lock;
    this.sink = sink;
    this.scheduler = scheduler;
    this.executor = executor;
  }

  /**
   * A live kept event (under the session's lock): writes it (and what it unblocks), skips it, or
   * holds it, then schedules a fill of the gap when one is needed; true unless it was to be written
   * and could not be.
   */
  boolean live(OutboundEvent e) {
    boolean[] fill = {false};
    boolean ok = live(e, fill);
    if (fill[0]) {
      scheduleFill();
    }
    return ok;
  }

  /** After {@link #FILL_DELAY}, reads a gap of kept events from the stream, again while needed. */
  private void scheduleFill() {
    scheduler.schedule(
        FILL_DELAY,
        () ->
            executor.execute(
                () -> {
                  if (fill()) {
                    scheduleFill();
                  }
                }));
  }

  /** {@link #live(OutboundEvent)}; whether a fill must be scheduled in {@code fillNeeded}[0]. */
  private boolean live(OutboundEvent e, boolean[] fillNeeded) {
    String eventEpoch = e.position().epoch();
    if (epoch == null || !epoch.equals(eventEpoch)) {
      // the first position known, or a new epoch (the history was lost): continue from it
      boolean ok = writeHeld();
      epoch = eventEpoch;
      upTo = e.offset();
      return sink.write(frame(e), e.name()) && ok;
    }
    if (e.offset() <= upTo) {
      return true; // written already, live or from the stream
    }
    if (e.offset() == upTo + 1) {
      upTo = e.offset();
      boolean ok = sink.write(frame(e), e.name());
      return drain() && ok;
    }
    held.put(e.offset(), e);
    if (held.size() > MAX_HELD) {
      return writeHeld(); // a gap that long is not a race: give it up
    }
    if (!fillPending) {
      fillPending = true;
      fillNeeded[0] = true;
    }
    return true;
  }

  /**
   * After {@link #FILL_DELAY}: when a gap is still there, reads it from the stream (outside the
   * session's lock) and writes it in order, then what was held. Returns true when another fill is
   * needed.
   */
  private boolean fill() {
    String e;
    long after;
    synchronized (lock) {
      fillPending = false;
      if (held.isEmpty()) {
        return false;
      }
      e = epoch;
      after = upTo;
    }
    List<KeptEvent> read = new ArrayList<>();
    StreamRead r;
    try {
      while (true) {
        r = streams.readAfter(companyId, userId, new StreamPosition(e, after), PAGE);
        if (!(r instanceof StreamRead.Events events)) {
          break;
        }
        read.addAll(events.events());
        after = events.lastOffset(after);
        if (events.events().size() < PAGE || after >= events.current().offset()) {
          break;
        }
      }
    } catch (RuntimeException ex) {
      log.warn("stream of a user of {} unreadable, a gap is left: {}", companyId, ex.toString());
      r = null;
    }
    synchronized (lock) {
      if (!e.equals(epoch)) {
        return false; // a new epoch arrived meanwhile
      }
      if (!(r instanceof StreamRead.Events)) {
        writeHeld(); // lost or unreadable: the client learns it on its next recovery
        return false;
      }
      for (KeptEvent k : read) {
        if (k.offset() == upTo + 1) {
          upTo = k.offset();
          sink.write(format.event(k.type(), epoch, k.offset(), k.payloadJson()), k.type());
        }
      }
      drain();
      if (!held.isEmpty() && !fillPending) {
        fillPending = true; // appended after the read: the next fill reads them
        return true;
      }
      return false;
    }
  }

  /** Writes held events that follow the last written offset; drops those at or below it. */
  private boolean drain() {
    boolean ok = true;
    while (!held.isEmpty()) {
      Map.Entry<Long, OutboundEvent> first = held.firstEntry();
      if (first.getKey() <= upTo) {
        held.pollFirstEntry();
      } else if (first.getKey() == upTo + 1) {
        held.pollFirstEntry();
        upTo = first.getKey();
        ok &= sink.write(frame(first.getValue()), first.getValue().name());
      } else {
        break;
      }
    }
    return ok;
  }

  /** Gives a gap up: writes every held event in order and continues after the last. */
  private boolean writeHeld() {
    boolean ok = true;
    for (OutboundEvent h : held.values()) {
      if (h.offset() > upTo) {
        upTo = h.offset();
        ok &= sink.write(frame(h), h.name());
      }
    }
    held.clear();
    return ok;
  }

  private String frame(OutboundEvent e) {
    return format.event(e.name(), e.position().epoch(), e.offset(), e.dataJson());
  }
}
