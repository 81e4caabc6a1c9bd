package io.realtimekit.transport.socketio;

import io.realtimekit.transport.SendCallback;

/**
 * The completion of a write nobody waits for: the engine's own packets (the handshake, pings,
 * pongs, noops, a close).
 */
enum NoCompletion implements SendCallback {
  INSTANCE;

  @Override
  public void succeeded() {}

  @Override
  public void failed(Throwable cause) {}
}
