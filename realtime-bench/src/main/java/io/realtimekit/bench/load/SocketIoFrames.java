package io.realtimekit.bench.load;

/**
 * Socket.IO protocol v5 over Engine.IO v4, WebSocket transport, as the load generator speaks it:
 * one Engine.IO packet per WebSocket text frame, the default namespace only, JSON payloads written
 * and read by string operations (no JSON library on the hot path).
 *
 * <pre>
 *   server: 0{"sid":..,"pingInterval":..}   Engine.IO OPEN
 *   client: 40{"token":"JWT"}                Socket.IO CONNECT with its auth object
 *   server: 40{"sid":..}  or  44{..}         CONNECT accepted, or CONNECT_ERROR
 *   client: 42&lt;id&gt;["chat:message",{..}]      EVENT asking for an acknowledgement
 *   server: 43&lt;id&gt;[{"ok":true,..}]            its ACK, same id
 *   server: 42["chat:message",{..}]          EVENT pushed (no ack)
 *   server: 2   client: 3                    Engine.IO PING, PONG
 * </pre>
 */
public final class SocketIoFrames {
  /** The WebSocket path and query of an Engine.IO v4 WebSocket-only session. */
  public static final String PATH = "/socket.io/?EIO=4&transport=websocket";

  /** Engine.IO PING (sent by the server). */
  public static final String PING = "2";

  /** Engine.IO PONG (the client's answer). */
  public static final String PONG = "3";

  /** Engine.IO OPEN, the first packet of a session. */
  public static final int OPEN = 0;

  /** Engine.IO CLOSE. */
  public static final int CLOSE = 1;

  /** Engine.IO PING. */
  public static final int PING_PACKET = 2;

  /** Engine.IO PONG. */
  public static final int PONG_PACKET = 3;

  /** Socket.IO CONNECT (accepted). */
  public static final int CONNECT = 10;

  /** Socket.IO DISCONNECT. */
  public static final int DISCONNECT = 11;

  /** Socket.IO EVENT. */
  public static final int EVENT = 12;

  /** Socket.IO ACK. */
  public static final int ACK = 13;

  /** Socket.IO CONNECT_ERROR. */
  public static final int CONNECT_ERROR = 14;

  /** Anything else (NOOP, binary packets, garbage). */
  public static final int OTHER = -1;

  private SocketIoFrames() {}

  /**
   * One decoded frame.
   *
   * @param type one of the constants of {@link SocketIoFrames}
   * @param id the acknowledgement id of an EVENT or ACK, -1 when there is none
   * @param event the event name of an EVENT, else null
   * @param data where the payload starts in the frame: the event's first argument, the ACK's array,
   *     the CONNECT's object; the frame's length when there is none
   */
  public record Packet(int type, long id, String event, int data) {}

  /** {@code 40{"token":"<token>"}}: CONNECT to the default namespace with {@code auth.token}. */
  public static String connect(String token) {
    return "40{\"token\":\"" + token + "\"}";
  }

  /**
   * {@code 42<ackId>["<event>",<json>]}: an EVENT asking for an acknowledgement ({@code ackId} &ge;
   * 0), or without one ({@code ackId} &lt; 0). {@code json} is the event's argument, already JSON.
   */
  public static String event(String event, String json, long ackId) {
    StringBuilder b = new StringBuilder(json.length() + event.length() + 24).append("42");
    if (ackId >= 0) {
      b.append(ackId);
    }
    return b.append("[\"").append(event).append("\",").append(json).append(']').toString();
  }

  /** {@code 43<ackId>[<json>]}: the acknowledgement of event {@code ackId} with one argument. */
  public static String ack(long ackId, String json) {
    return "43" + ackId + "[" + json + "]";
  }

  /** Decodes one WebSocket text frame. */
  public static Packet decode(String f) {
    if (f.isEmpty()) {
      return new Packet(OTHER, -1, null, 0);
    }
    switch (f.charAt(0)) {
      case '0':
        return new Packet(OPEN, -1, null, 1);
      case '1':
        return new Packet(CLOSE, -1, null, 1);
      case '2':
        return new Packet(PING_PACKET, -1, null, 1);
      case '3':
        return new Packet(PONG_PACKET, -1, null, 1);
      case '4':
        break;
      default:
        return new Packet(OTHER, -1, null, 0);
    }
    if (f.length() < 2) {
      return new Packet(OTHER, -1, null, 0);
    }
    int type =
        switch (f.charAt(1)) {
          case '0' -> CONNECT;
          case '1' -> DISCONNECT;
          case '2' -> EVENT;
          case '3' -> ACK;
          case '4' -> CONNECT_ERROR;
          default -> OTHER;
        };
    if (type == OTHER) {
      return new Packet(OTHER, -1, null, 0);
    }
    int p = 2;
    if (p < f.length() && f.charAt(p) == '/') { // a namespace: "/name," (only "/" is used here)
      int comma = f.indexOf(',', p);
      p = comma < 0 ? f.length() : comma + 1;
    }
    long id = -1;
    while (p < f.length()) {
      char c = f.charAt(p);
      if (c < '0' || c > '9') {
        break;
      }
      id = (id < 0 ? 0 : id * 10) + (c - '0');
      p++;
    }
    if (type != EVENT) {
      return new Packet(type, id, null, p);
    }
    // ["name",arg...]: the name is a JSON string without escapes for every event used here
    if (!f.startsWith("[\"", p)) {
      return new Packet(OTHER, id, null, p);
    }
    int end = f.indexOf('"', p + 2);
    if (end < 0) {
      return new Packet(OTHER, id, null, p);
    }
    String name = f.substring(p + 2, end);
    int data = end + 1 < f.length() && f.charAt(end + 1) == ',' ? end + 2 : f.length();
    return new Packet(EVENT, id, name, data);
  }

  /** Whether the ACK {@code f} (decoded as {@code p}) acknowledges with {@code {"ok":true,..}}. */
  public static boolean ackOk(String f, Packet p) {
    int yes = f.indexOf("\"ok\":true", p.data());
    int no = f.indexOf("\"ok\":false", p.data());
    return yes >= 0 && (no < 0 || yes < no);
  }
}
