package io.realtimekit.transport;

import java.util.List;
import java.util.Map;

/**
 * The address a client connects from, as the limits and the Engine.IO session binding see it: the
 * last value of a forwarding header named by the host (a proxy it trusts appends the address it
 * saw), or else the host part of the socket's peer ({@code "127.0.0.1:53211"} and {@code
 * "localhost/127.0.0.1:53211"} give {@code 127.0.0.1}, {@code "[::1]:53211"} gives {@code ::1}).
 * Empty when the adapter could not tell the peer (its remote address starts with {@code session-}).
 */
public final class ClientAddress {
  /** How an adapter names a peer it does not know: {@code session-} and the container's id. */
  public static final String UNKNOWN_PREFIX = "session-";

  private ClientAddress() {}

  /**
   * @param peer the socket's peer as the adapter gives it
   * @param headers the handshake headers
   * @param forwardingHeader the header to trust, or empty for none
   */
  public static String of(String peer, Map<String, List<String>> headers, String forwardingHeader) {
    if (!forwardingHeader.isEmpty()) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey() != null
            && e.getKey().equalsIgnoreCase(forwardingHeader)
            && !e.getValue().isEmpty()) {
          String all = e.getValue().get(e.getValue().size() - 1);
          return all.substring(all.lastIndexOf(',') + 1).trim();
        }
      }
    }
    if (peer.startsWith(UNKNOWN_PREFIX)) {
      return ""; // the container did not say
    }
    int slash = peer.lastIndexOf('/'); // InetSocketAddress.toString(): "host/1.2.3.4:port"
    if (slash >= 0) {
      peer = peer.substring(slash + 1);
    }
    if (peer.startsWith("[")) {
      int end = peer.indexOf(']');
      return end > 0 ? peer.substring(1, end) : peer;
    }
    int colon = peer.lastIndexOf(':');
    return colon > 0 && peer.indexOf(':') == colon ? peer.substring(0, colon) : peer;
  }
}
