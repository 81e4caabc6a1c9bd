package io.realtimekit.transport;

import java.util.List;
import java.util.Map;

/**
 * The address a client connects from, as the limits and the Engine.IO session binding see it: the
 * last value of a forwarding header named by the host (a proxy it trusts appends the address it
 * saw), or else the host part of the socket's peer ({@code "127.0.0.1:53211"} gives {@code
 * 127.0.0.1}, {@code "[::1]:53211"} gives {@code ::1}).
 */
public final class ClientAddress {
  private ClientAddress() {}

  /**
   * @param peer the socket's peer as the adapter gives it
   * @param headers the handshake headers
   * @param forwardingHeader the header to trust, or empty for none
   */
  public static String of(String peer, Map<String, List<String>> headers, String forwardingHeader) {
    if (!forwardingHeader.isEmpty()) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey() != null && e.getKey().equalsIgnoreCase(forwardingHeader) && !e.getValue().isEmpty()) {
          String all = e.getValue().get(e.getValue().size() - 1);
          return all.substring(all.lastIndexOf(',') + 1).trim();
        }
      }
    }
    if (peer.startsWith("[")) {
      int end = peer.indexOf(']');
      return end > 0 ? peer.substring(1, end) : peer;
    }
    int colon = peer.lastIndexOf(':');
    return colon > 0 && peer.indexOf(':') == colon ? peer.substring(0, colon) : peer;
  }
}
