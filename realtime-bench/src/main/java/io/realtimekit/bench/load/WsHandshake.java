package io.realtimekit.bench.load;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The client side of the RFC 6455 opening handshake: the HTTP/1.1 upgrade request with a random
 * {@code Sec-WebSocket-Key}, and the check of the server's answer (101, {@code Upgrade}, {@code
 * Connection}, {@code Sec-WebSocket-Accept} = Base64(SHA-1(key + GUID)), no extension or
 * subprotocol, since none was offered).
 */
final class WsHandshake {
  /** Longest response head accepted. */
  static final int MAX_HEAD = 8192;

  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  private static final ThreadLocal<MessageDigest> SHA1 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-1");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException(e);
            }
          });

  /** The request bytes, US-ASCII. */
  final byte[] request;

  private final String accept;

  WsHandshake(URI uri) {
    byte[] nonce = new byte[16];
    ThreadLocalRandom.current().nextBytes(nonce);
    String key = Base64.getEncoder().encodeToString(nonce);
    this.accept = acceptFor(key);
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    if (uri.getRawQuery() != null) {
      path += "?" + uri.getRawQuery();
    }
    int port = uri.getPort();
    String host = port < 0 || port == 80 ? uri.getHost() : uri.getHost() + ":" + port;
    String head =
        "GET "
            + path
            + " HTTP/1.1\r\n"
            + "Host: "
            + host
            + "\r\n"
            + "Upgrade: websocket\r\n"
            + "Connection: Upgrade\r\n"
            + "Sec-WebSocket-Key: "
            + key
            + "\r\n"
            + "Sec-WebSocket-Version: 13\r\n"
            + "\r\n";
    this.request = head.getBytes(StandardCharsets.US_ASCII);
  }

  /** The {@code Sec-WebSocket-Accept} a server must answer to {@code key}. */
  static String acceptFor(String key) {
    MessageDigest sha1 = SHA1.get();
    sha1.reset();
    byte[] digest = sha1.digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
    return Base64.getEncoder().encodeToString(digest);
  }

  /** The index just after the blank line ending the head in {@code a[from, to)}, or -1. */
  static int headEnd(byte[] a, int from, int to) {
    for (int i = from + 3; i < to; i++) {
      if (a[i] == '\n' && a[i - 1] == '\r' && a[i - 2] == '\n' && a[i - 3] == '\r') {
        return i + 1;
      }
    }
    return -1;
  }

  /**
   * Checks the response head {@code a[from, to)}; null when it accepts the upgrade, else why not.
   */
  String check(byte[] a, int from, int to) {
    String[] lines = new String(a, from, to - from, StandardCharsets.ISO_8859_1).split("\r\n");
    String status = lines[0];
    String[] parts = status.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || !parts[1].equals("101")) {
      return "upgrade refused: " + status;
    }
    boolean upgrade = false;
    boolean connection = false;
    String accepted = null;
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i];
      int colon = line.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).trim();
      switch (name) {
        case "upgrade" -> upgrade = value.equalsIgnoreCase("websocket");
        case "connection" -> connection = hasToken(value, "upgrade");
        case "sec-websocket-accept" -> accepted = value;
        case "sec-websocket-extensions", "sec-websocket-protocol" -> {
          return "the server chose " + line + " though none was offered";
        }
        default -> {
          // other headers do not matter
        }
      }
    }
    if (!upgrade || !connection) {
      return "101 without Upgrade: websocket and Connection: Upgrade";
    }
    if (!accept.equals(accepted)) {
      return "wrong Sec-WebSocket-Accept " + accepted + ", expected " + accept;
    }
    return null;
  }

  private static boolean hasToken(String value, String token) {
    for (String t : value.split(",")) {
      if (t.trim().equalsIgnoreCase(token)) {
        return true;
      }
    }
    return false;
  }
}
