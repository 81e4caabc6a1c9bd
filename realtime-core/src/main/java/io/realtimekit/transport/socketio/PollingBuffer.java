package io.realtimekit.transport.socketio;

import io.realtimekit.protocol.socketio.EngineIo;
import io.realtimekit.transport.SendCallback;
import java.util.ArrayList;
import java.util.List;

/**
 * The Engine.IO packets waiting for a polling client's next {@code GET}, and the {@code GET}
 * waiting for packets. Bounded: a write that takes the buffer over its budget is accepted but its
 * completion is held until a poll takes the packets, so the session's outbound queue fills up
 * behind a slow poller and closes it (4429), exactly as for a slow WebSocket reader. Packets the
 * client causes without the outbound queue (pongs) are only added within a hard limit ({@link
 * #addWithin}); past it the session is closed as too slow.
 *
 * <p>Sizes are characters plus {@link #PACKET_COST} per packet (the entry's own memory), so that a
 * flood of tiny packets is bounded as well as a few large ones.
 *
 * <p>Not thread-safe: used under the lock of its {@link EngineSession}.
 */
final class PollingBuffer {
  /** What one waiting packet costs besides its characters. */
  static final int PACKET_COST = 16;

  /** What one poll takes: the packets, and the completions to report once they are answered. */
  record Drained(List<String> packets, List<SendCallback> completions) {
    String payload() {
      return EngineIo.payload(packets);
    }
  }

  /**
   * A waiting poll and the packets taken for it, to be answered once the session's lock is
   * released.
   */
  record Answer(PollResponder poll, Drained drained) {
    /** Answers the poll with the packets and reports their writes done. */
    void send() {
      poll.respond(PollResponse.ok(drained.payload()));
      drained.completions().forEach(SendCallback::succeeded);
    }
  }

  private final long budget;
  private final List<String> packets = new ArrayList<>();
  private final List<SendCallback> held = new ArrayList<>();
  private long chars;
  private PollResponder parked;

  PollingBuffer(long budget) {
    this.budget = budget;
  }

  /** Adds {@code packet}; true when its write counts as done now, false when held. */
  boolean add(String packet, SendCallback completion) {
    packets.add(packet);
    chars += packet.length() + PACKET_COST;
    if (chars <= budget) {
      return true;
    }
    held.add(completion);
    return false;
  }

  /**
   * Adds {@code packet} only if the buffer stays within {@code limit}; false (nothing added)
   * otherwise.
   */
  boolean addWithin(String packet, long limit) {
    if (chars + packet.length() + PACKET_COST > limit) {
      return false;
    }
    packets.add(packet);
    chars += packet.length() + PACKET_COST;
    return true;
  }

  /** What waits now: characters plus the cost of each packet. */
  long size() {
    return chars;
  }

  boolean isEmpty() {
    return packets.isEmpty();
  }

  boolean isParked() {
    return parked != null;
  }

  void park(PollResponder responder) {
    parked = responder;
  }

  /** The waiting poll, now no longer waiting; null when none. */
  PollResponder takeParked() {
    PollResponder r = parked;
    parked = null;
    return r;
  }

  /** The waiting poll with every packet waiting, for {@link Answer#send}; null when none waits. */
  Answer takeAnswer() {
    PollResponder poll = takeParked();
    return poll == null ? null : new Answer(poll, drain());
  }

  /** Forgets {@code responder} if it is the waiting poll (its request ended); true when it was. */
  boolean unpark(PollResponder responder) {
    if (parked == responder) {
      parked = null;
      return true;
    }
    return false;
  }

  /** Takes every packet waiting. */
  Drained drain() {
    Drained d = new Drained(List.copyOf(packets), List.copyOf(held));
    packets.clear();
    held.clear();
    chars = 0;
    return d;
  }
}
