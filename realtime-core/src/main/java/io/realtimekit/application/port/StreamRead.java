package io.realtimekit.application.port;

import java.util.List;
import java.util.Objects;

/** The answer of {@link UserEventStreams#readAfter}: events, or why they cannot be given. */
public sealed interface StreamRead {

  /** The stream's position when it was read. */
  StreamPosition current();

  /**
   * The events after the asked position, oldest first, with consecutive offsets starting right
   * after it; fewer than the stream holds when the read was bounded (read again after the last).
   *
   * @param events the events, possibly none
   * @param current the stream's position when read
   */
  record Events(List<KeptEvent> events, StreamPosition current) implements StreamRead {
    /** Copies the list. */
    public Events {
      events = List.copyOf(events);
      Objects.requireNonNull(current, "current");
    }

    /** The offset of the last event returned, or {@code after} when none was. */
    public long lastOffset(long after) {
      return events.isEmpty() ? after : events.get(events.size() - 1).offset();
    }
  }

  /**
   * The asked position cannot be continued without a gap: nothing is returned.
   *
   * @param reason why
   * @param current the stream's position when read
   */
  record Lost(Reason reason, StreamPosition current) implements StreamRead {
    /** Requires both. */
    public Lost {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(current, "current");
    }
  }

  /** Why a position cannot be continued. */
  enum Reason {
    /** The epoch differs: the history the position belongs to is gone (or is another stream's). */
    EPOCH_CHANGED,
    /**
     * Events right after the position were trimmed (older than the window or over the size cap).
     */
    HISTORY_TRIMMED,
    /** The offset is beyond the last event of the stream: no client was ever given it. */
    AHEAD_OF_STREAM
  }
}
