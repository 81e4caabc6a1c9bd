package io.realtimekit.transport.socketio;

import io.realtimekit.protocol.CloseCodes;
import io.realtimekit.protocol.socketio.EngineIo;
import io.realtimekit.transport.InboundHandler;
import io.realtimekit.transport.TransportConnection;

/**
 * What the core does with one WebSocket at {@code /socket.io/}: either a new Engine.IO session over
 * WebSocket alone (no {@code sid}), or the upgrade of a polling session ({@code sid} given): {@code
 * 2probe} is answered {@code 3probe}, {@code 5} makes this socket the session's transport. Binary
 * frames (attachments of refused binary packets) are dropped.
 */
final class EngineWebSocket implements InboundHandler {
  private final SocketIoTransport owner;
  private final TransportConnection connection;
  private final WebSocketWriter writer;
  private final String upgradeOf;
  private volatile EngineSession session;
  private volatile boolean probing;

  /**
   * @param upgradeOf the sid of the polling session to upgrade, or null for a new session
   */
  EngineWebSocket(SocketIoTransport owner, TransportConnection connection, String upgradeOf) {
    this.owner = owner;
    this.connection = connection;
    this.writer = new WebSocketWriter(connection);
    this.upgradeOf = upgradeOf;
  }

  @Override
  public void onOpen() {
    if (upgradeOf == null) {
      session = owner.openOnWebSocket(connection, writer);
      return;
    }
    EngineSession s =
        owner.ownedSession(upgradeOf, connection.remoteAddress(), connection.handshakeHeaders());
    if (s == null || s.isClosed()) {
      connection.close(CloseCodes.PROTOCOL_VIOLATION, "Session ID unknown");
      return;
    }
    session = s;
    probing = true;
  }

  @Override
  public void onText(String text) {
    EngineSession s = session;
    if (s == null) {
      return;
    }
    if (!probing) {
      s.receive(text);
    } else if (text.equals(EngineIo.PROBE)) {
      if (!s.upgrade().probe(writer)) {
        connection.close(CloseCodes.PROTOCOL_VIOLATION, "upgrade refused");
      }
    } else if (text.equals(String.valueOf(EngineIo.UPGRADE))) {
      probing = false;
      s.upgrade().upgrade(writer);
    }
  }

  @Override
  public void onClose(int code, String reason) {
    EngineSession s = session;
    if (s != null) {
      s.socketClosed(writer, code, reason);
    }
  }

  @Override
  public void onError(Throwable error) {
    // a close follows
  }

  @Override
  public boolean acceptsBinary() {
    return true;
  }

  @Override
  public void onBinary(int length) {
    // an attachment of a binary packet, refused when its packet arrived
  }
}
