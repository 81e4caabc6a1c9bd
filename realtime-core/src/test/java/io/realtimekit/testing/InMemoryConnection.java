package io.realtimekit.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.realtimekit.transport.InboundHandler;
import io.realtimekit.transport.RealtimeTransport;
import io.realtimekit.transport.SendCallback;
import io.realtimekit.transport.TransportConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link TransportConnection} without a network, for driving the core in tests: records every
 * frame written, completes writes at once (or holds them, to play a reader that stopped reading),
 * and remembers the close code. Feeds frames in through the {@link InboundHandler} the transport
 * returned.
 */
public final class InMemoryConnection implements TransportConnection {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, List<String>> headers;
  private final List<String> sent = new CopyOnWriteArrayList<>();
  private final List<SendCallback> held = new ArrayList<>();
  private volatile boolean holdWrites;
  private volatile Integer closeCode;
  private volatile String closeReason;
  private InboundHandler handler;

  private InMemoryConnection(Map<String, List<String>> headers) {
    this.headers = headers;
  }

  /** Opens a socket on {@code transport} with no handshake header. */
  public static InMemoryConnection open(RealtimeTransport transport) {
    return open(transport, Map.of());
  }

  /** Opens a socket on {@code transport} with these handshake headers. */
  public static InMemoryConnection open(
      RealtimeTransport transport, Map<String, List<String>> headers) {
    InMemoryConnection c = new InMemoryConnection(headers);
    c.handler = transport.accept(c);
    c.handler.onOpen();
    return c;
  }

  /** Sends a text frame from the client. */
  public void receive(String text) {
    handler.onText(text);
  }

  /** The client closes the socket (or the network drops it). */
  public void drop() {
    if (closeCode == null) {
      closeCode = 1006;
      handler.onClose(1006, "dropped");
    }
  }

  /** Stops completing writes, like a peer that no longer reads. */
  public void stopReading() {
    holdWrites = true;
  }

  /** Every frame written to this socket so far. */
  public List<String> sent() {
    return List.copyOf(sent);
  }

  /** Frames written so far, parsed. */
  public List<JsonNode> frames() {
    List<JsonNode> out = new ArrayList<>();
    for (String s : sent) {
      try {
        out.add(JSON.readTree(s));
      } catch (Exception e) {
        throw new AssertionError("server wrote invalid JSON: " + s, e);
      }
    }
    return out;
  }

  /** The data of every pushed event named {@code event}. */
  public List<JsonNode> events(String event) {
    return frames().stream()
        .filter(f -> event.equals(f.path("event").asText(null)))
        .map(f -> f.get("data"))
        .toList();
  }

  /** The reply to request {@code id}, if written. */
  public Optional<JsonNode> reply(long id) {
    return frames().stream()
        .filter(f -> f.has("reply") && f.get("reply").asLong() == id)
        .findFirst();
  }

  /** The close code the server chose, or null while open. */
  public Integer closeCode() {
    return closeCode;
  }

  /** The close reason the server gave, or null. */
  public String closeReason() {
    return closeReason;
  }

  @Override
  public String remoteAddress() {
    return "in-memory";
  }

  @Override
  public Map<String, List<String>> handshakeHeaders() {
    return headers;
  }

  @Override
  public void sendText(String text, SendCallback callback) {
    if (closeCode != null) {
      callback.failed(new IllegalStateException("closed"));
      return;
    }
    sent.add(text);
    if (holdWrites) {
      synchronized (held) {
        held.add(callback);
      }
    } else {
      callback.succeeded();
    }
  }

  @Override
  public void close(int code, String reason) {
    if (closeCode != null) {
      return;
    }
    closeCode = code;
    closeReason = reason;
    handler.onClose(code, reason);
  }
}
