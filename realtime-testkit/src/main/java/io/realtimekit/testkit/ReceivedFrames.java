package io.realtimekit.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The frames a {@link RealtimeTestClient} received, and the matching of events in them: every raw
 * frame is kept in order; event frames (with {@code event}, or a {@code type} such as {@code
 * connected} and {@code error}) wait in a queue until an {@link #await} consumes them. Waits are
 * bounded and end early when the socket closes.
 */
final class ReceivedFrames {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<String> frames = new CopyOnWriteArrayList<>();
  private final List<JsonNode> pending = new ArrayList<>();
  private final Map<Long, CompletableFuture<Reply>> replies;
  private final Supplier<OptionalInt> closeCode;
  private final Supplier<String> describe;

  /**
   * @param replies the replies awaited, by request id; a reply frame completes and removes its own
   * @param closeCode the close code once the socket closed, empty while open
   * @param describe the client's state, for assertion messages
   */
  ReceivedFrames(
      Map<Long, CompletableFuture<Reply>> replies,
      Supplier<OptionalInt> closeCode,
      Supplier<String> describe) {
    this.replies = replies;
    this.closeCode = closeCode;
    this.describe = describe;
  }

  /**
   * Takes a received text frame: kept raw; a reply completes its request; an event frame is queued
   * for {@link #await}; text that is not JSON is only kept.
   */
  void accept(String text) {
    frames.add(text);
    JsonNode frame;
    try {
      frame = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      return;
    }
    if (frame.has("reply")) {
      long id = frame.get("reply").asLong();
      CompletableFuture<Reply> f = replies.remove(id);
      if (f != null) {
        boolean ok = frame.path("ok").asBoolean(false);
        JsonNode error = frame.path("error");
        f.complete(
            new Reply(
                id,
                ok,
                frame.path("data"),
                ok ? null : error.path("code").asText(null),
                ok ? null : error.path("message").asText(null),
                frame));
      }
      return;
    }
    if (nameOf(frame) != null) {
      event(frame);
    }
  }

  private void event(JsonNode frame) {
    synchronized (pending) {
      pending.add(frame);
      pending.notifyAll();
    }
  }

  /** Wakes the waiters (the socket closed). */
  void wakeUp() {
    synchronized (pending) {
      pending.notifyAll();
    }
  }

  /** The event (or type) name of a frame; null for a reply or a frame without either. */
  static String nameOf(JsonNode frame) {
    if (frame.hasNonNull("event")) {
      return frame.get("event").asText();
    }
    if (frame.hasNonNull("type")) {
      return frame.get("type").asText();
    }
    return null;
  }

  /**
   * Waits for the next unconsumed {@code event} (or {@code type} frame, such as {@code connected}
   * and {@code error}) and returns its {@code data}.
   *
   * @throws AssertionError when none arrives within {@code within}, or the socket closes first
   */
  JsonNode await(String event, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    synchronized (pending) {
      while (true) {
        for (Iterator<JsonNode> it = pending.iterator(); it.hasNext(); ) {
          JsonNode frame = it.next();
          if (event.equals(nameOf(frame))) {
            it.remove();
            return frame.path("data");
          }
        }
        OptionalInt code = closeCode.get();
        if (code.isPresent()) {
          throw new AssertionError(
              "socket closed ("
                  + code.getAsInt()
                  + ") before '"
                  + event
                  + "' arrived; "
                  + describe.get());
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("no '" + event + "' within " + within + "; " + describe.get());
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(pending, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError("interrupted while awaiting '" + event + "'", e);
        }
      }
    }
  }

  /**
   * Asserts that no {@code event} arrives during {@code during} (a negative check: it waits the
   * whole duration unless the event shows up).
   */
  void assertNoEvent(String event, Duration during) {
    long deadline = System.nanoTime() + during.toNanos();
    synchronized (pending) {
      while (true) {
        for (JsonNode frame : pending) {
          if (event.equals(nameOf(frame))) {
            throw new AssertionError(
                "unexpected '" + event + "': " + frame + "; " + describe.get());
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(pending, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** Every text frame received so far, raw, in order. */
  List<String> frames() {
    return List.copyOf(frames);
  }

  /** {@code frames=N, last=[...]}: the count, and the last 10 frames cut to 200 characters. */
  String summary() {
    List<String> f = frames();
    List<String> tail = f.subList(Math.max(0, f.size() - 10), f.size());
    List<String> cut =
        tail.stream().map(x -> x.length() > 200 ? x.substring(0, 200) + "..." : x).toList();
    return "frames=" + f.size() + ", last=" + cut;
  }

  /** Every event (or type) name received so far, in order, replies excluded. */
  List<String> eventNames() {
    List<String> names = new ArrayList<>();
    for (String f : frames) {
      try {
        String n = nameOf(JSON.readTree(f));
        if (n != null) {
          names.add(n);
        }
      } catch (JsonProcessingException e) {
        names.add("<unparsable>");
      }
    }
    return names;
  }
}
