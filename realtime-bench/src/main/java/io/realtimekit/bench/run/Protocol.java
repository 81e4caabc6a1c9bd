package io.realtimekit.bench.run;

import io.realtimekit.bench.load.SocketIoFrames;

/**
 * What the load generator speaks over its WebSockets: realtimekit's native JSON protocol (at {@code
 * /realtime}: realtimekit and the raw baseline), or Socket.IO v5 over Engine.IO v4 (at {@code
 * /socket.io/}: realtimekit's Socket.IO endpoint, the baseline's Socket.IO-framed mode and the Node
 * Socket.IO peer).
 */
enum Protocol {
  NATIVE("/realtime"),
  SOCKETIO(SocketIoFrames.PATH);

  /** The WebSocket path (and query) on the server. */
  final String path;

  Protocol(String path) {
    this.path = path;
  }

  static Protocol of(String name) {
    return switch (name) {
      case "native" -> NATIVE;
      case "socketio" -> SOCKETIO;
      default ->
          throw new IllegalArgumentException("--protocol must be socketio or native, not " + name);
    };
  }
}
