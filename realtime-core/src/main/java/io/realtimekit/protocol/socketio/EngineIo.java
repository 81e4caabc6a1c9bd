package io.realtimekit.protocol.socketio;

import io.realtimekit.protocol.NativeCodec;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Engine.IO protocol v4 packets and payloads, the layer under Socket.IO. A packet is one type
 * character and its data: {@code 0} open (the handshake), {@code 1} close, {@code 2} ping, {@code
 * 3} pong, {@code 4} message (a Socket.IO packet), {@code 5} upgrade, {@code 6} noop. A polling
 * payload is packets separated by the record separator {@code \u001e}.
 */
public final class EngineIo {
  private EngineIo() {}

  /** The protocol version served ({@code EIO=4}). */
  public static final String VERSION = "4";

  /** Open packet type. */
  public static final char OPEN = '0';

  /** Close packet type. */
  public static final char CLOSE = '1';

  /** Ping packet type (sent by the server in v4). */
  public static final char PING = '2';

  /** Pong packet type. */
  public static final char PONG = '3';

  /** Message packet type. */
  public static final char MESSAGE = '4';

  /** Upgrade packet type. */
  public static final char UPGRADE = '5';

  /** Noop packet type. */
  public static final char NOOP = '6';

  /** The probe a client sends on the WebSocket it upgrades to ({@code 2probe}). */
  public static final String PROBE = "2probe";

  /** The server's answer to the probe ({@code 3probe}). */
  public static final String PROBE_ANSWER = "3probe";

  private static final String SEPARATOR = "\u001e";
  private static final Pattern SPLIT = Pattern.compile(SEPARATOR, Pattern.LITERAL);

  /**
   * The open packet: {@code
   * 0{"sid":..,"upgrades":[..],"pingInterval":..,"pingTimeout":..,"maxPayload":..}}.
   *
   * @param upgrade whether the client may upgrade to WebSocket (false when it already is one)
   */
  public static String open(
      String sid, boolean upgrade, long pingIntervalMs, long pingTimeoutMs, long maxPayload) {
    return OPEN
        + "{\"sid\":"
        + NativeCodec.quote(sid)
        + ",\"upgrades\":"
        + (upgrade ? "[\"websocket\"]" : "[]")
        + ",\"pingInterval\":"
        + pingIntervalMs
        + ",\"pingTimeout\":"
        + pingTimeoutMs
        + ",\"maxPayload\":"
        + maxPayload
        + "}";
  }

  /** Splits a polling payload into packets (empty ones included, for the caller to refuse). */
  public static List<String> packets(String payload) {
    return List.of(SPLIT.split(payload, -1));
  }

  /** Joins packets into one polling payload. */
  public static String payload(List<String> packets) {
    return String.join(SEPARATOR, packets);
  }

  /** The body of an error answer to a polling request: {@code {"code":..,"message":..}}. */
  public static String error(int code, String message) {
    return "{\"code\":" + code + ",\"message\":" + NativeCodec.quote(message) + "}";
  }
}
