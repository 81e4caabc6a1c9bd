package io.realtimekit.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The emits of a {@link RealtimeTestClient} that wait for a reply, by request id. {@link
 * ReceivedFrames} completes and removes a reply's future when its frame arrives; a close fails the
 * rest. Thread-safe.
 */
final class PendingReplies {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<Long, CompletableFuture<Reply>> byId = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();

  /** The futures awaiting a reply, by request id (shared with {@link ReceivedFrames}). */
  Map<Long, CompletableFuture<Reply>> byId() {
    return byId;
  }

  /**
   * Sends {@code {"event":..,"data":..,"id":n}} with a new id through {@code send} and returns the
   * future of its reply, failed at once when {@code send} throws.
   */
  CompletableFuture<Reply> emit(String event, Object data, Consumer<String> send) {
    long id = ids.incrementAndGet();
    CompletableFuture<Reply> reply = new CompletableFuture<>();
    byId.put(id, reply);
    ObjectNode frame = eventFrame(event, data);
    frame.put("id", id);
    try {
      send.accept(frame.toString());
    } catch (RuntimeException e) {
      byId.remove(id);
      reply.completeExceptionally(e);
    }
    return reply;
  }

  /** Fails every reply still awaited: the socket closed with {@code reason}. */
  void failAll(Object reason) {
    byId.values().forEach(f -> f.completeExceptionally(new IOException("closed: " + reason)));
  }

  /** {@code {"event":..,"data":..}}, {@code data} (a JsonNode, a Map, a record...) as JSON. */
  static ObjectNode eventFrame(String event, Object data) {
    ObjectNode frame = JSON.createObjectNode().put("event", event);
    frame.set("data", JSON.valueToTree(data));
    return frame;
  }
}
