package io.realtimekit.transport.socketio;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One HTTP request of the Engine.IO long-polling transport, as the adapter presents it.
 *
 * @param post true for {@code POST} (the client sends packets), false for {@code GET} (the
 *     handshake, or a poll for packets)
 * @param query the query parameters ({@code EIO}, {@code transport}, {@code sid})
 * @param headers the request headers (for {@code Origin})
 * @param remoteAddress the peer, for logs
 * @param body the body of a {@code POST}, read by the adapter up to {@link
 *     SocketIoTransport#maxPayload()} plus one character at most; empty for {@code GET}
 */
public record PollRequest(
    boolean post,
    Map<String, List<String>> query,
    Map<String, List<String>> headers,
    String remoteAddress,
    String body) {
  /** Requires every component. */
  public PollRequest {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(remoteAddress, "remoteAddress");
    Objects.requireNonNull(body, "body");
  }

  /** The first value of query parameter {@code name}. */
  public Optional<String> param(String name) {
    return first(query, name, false);
  }

  /** The first value of header {@code name}, compared case-insensitively. */
  public Optional<String> header(String name) {
    return first(headers, name, true);
  }

  static Optional<String> first(Map<String, List<String>> map, String name, boolean ignoreCase) {
    for (Map.Entry<String, List<String>> e : map.entrySet()) {
      String key = e.getKey();
      boolean match = key != null && (ignoreCase ? key.equalsIgnoreCase(name) : key.equals(name));
      if (match && e.getValue() != null && !e.getValue().isEmpty()) {
        return Optional.ofNullable(e.getValue().get(0));
      }
    }
    return Optional.empty();
  }
}
