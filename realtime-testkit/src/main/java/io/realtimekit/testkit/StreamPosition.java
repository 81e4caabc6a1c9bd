package io.realtimekit.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where a {@link RealtimeTestClient} stands in its user's event stream: the epoch that {@code
 * connected} tells, and the highest offset of the kept events received (replayed or live), or the
 * {@code connected} offset when none came after it. Also writes the first frame that asks to
 * recover from such a position. Thread-safe.
 */
final class StreamPosition {
  private static final ObjectMapper JSON = new ObjectMapper();

  private volatile String epoch;
  private final AtomicLong offset = new AtomicLong(-1);

  /** The epoch of the stream, or null (recovery off, or no {@code connected} yet). */
  String epoch() {
    return epoch;
  }

  /** The offset reached, -1 before {@code connected}. */
  long offset() {
    return offset.get();
  }

  /**
   * Remembers the position that a {@code connected} frame or a kept event carries; ignores other
   * frames.
   */
  void track(String text) {
    JsonNode frame;
    try {
      frame = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      return;
    }
    if (frame.hasNonNull("event") && frame.path("offset").canConvertToLong()) {
      offset.accumulateAndGet(frame.get("offset").asLong(), Math::max);
    } else if ("connected".equals(frame.path("type").asText())
        && frame.path("data").hasNonNull("epoch")) {
      epoch = frame.path("data").path("epoch").asText();
      offset.accumulateAndGet(frame.path("data").path("offset").asLong(), Math::max);
    }
  }

  /** {@code {"type":"connect","token":..,"recover":{"epoch":..,"offset":..}}}. */
  static String recoverFrame(String token, String epoch, long offset) {
    ObjectNode frame = JSON.createObjectNode().put("type", "connect").put("token", token);
    frame.putObject("recover").put("epoch", epoch).put("offset", offset);
    return frame.toString();
  }
}
