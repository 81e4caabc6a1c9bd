package io.realtimekit.jetty;

import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import org.eclipse.jetty.io.RetainableByteBuffer;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.WebSocketConnection;
import org.eclipse.jetty.websocket.core.WebSocketCoreSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that reads a Jetty internal: whether the network buffer of a connection already
 * holds another complete WebSocket frame, read but not yet parsed. Jetty publishes no API for this,
 * so the private field {@code WebSocketConnection.networkBuffer} is read by reflection and the next
 * frame's header is parsed here.
 *
 * <p>Fails safe: when this Jetty has no such field (a rename in an upgrade), or reading it fails in
 * any way, {@link #completeFrameBuffered} answers false, which only costs {@link WriteCoalescing}
 * its deferral (every frame's writes are flushed once that frame is handled). Used only when write
 * coalescing is on ({@link RealtimeJetty.Builder#writeCoalescing(boolean)}).
 */
final class BufferedFrameProbe {
  private static final Logger log = LoggerFactory.getLogger(BufferedFrameProbe.class);

  private final Field networkBuffer = networkBufferField();

  /** True when this Jetty's network buffer is reachable. */
  boolean available() {
    return networkBuffer != null;
  }

  /** Whether the network buffer of {@code session} holds at least one more complete frame. */
  boolean completeFrameBuffered(CoreSession session) {
    if (networkBuffer == null || !(session instanceof WebSocketCoreSession core)) {
      return false;
    }
    try {
      WebSocketConnection connection = core.getConnection();
      Object held = connection == null ? null : networkBuffer.get(connection);
      if (!(held instanceof RetainableByteBuffer buffer)) {
        return false;
      }
      return completeFrameAt(buffer.getByteBuffer());
    } catch (IllegalAccessException | RuntimeException e) {
      return false;
    }
  }

  /**
   * True when {@code unread} (flush mode) starts with a whole WebSocket frame, header and payload.
   */
  static boolean completeFrameAt(ByteBuffer unread) {
    int p = unread.position();
    int n = unread.remaining();
    if (n < 2) {
      return false;
    }
    int second = unread.get(p + 1) & 0xff;
    int len7 = second & 0x7f;
    long length;
    int header;
    if (len7 == 126) {
      if (n < 4) {
        return false;
      }
      length = ((unread.get(p + 2) & 0xff) << 8) | (unread.get(p + 3) & 0xff);
      header = 4;
    } else if (len7 == 127) {
      if (n < 10) {
        return false;
      }
      length = unread.getLong(p + 2);
      header = 10;
    } else {
      length = len7;
      header = 2;
    }
    if ((second & 0x80) != 0) {
      header += 4; // the mask key
    }
    return length >= 0 && n - header >= length;
  }

  private static Field networkBufferField() {
    try {
      Field f = WebSocketConnection.class.getDeclaredField("networkBuffer");
      if (!RetainableByteBuffer.class.isAssignableFrom(f.getType())) {
        throw new NoSuchFieldException("networkBuffer is a " + f.getType());
      }
      f.setAccessible(true);
      return f;
    } catch (NoSuchFieldException | RuntimeException e) {
      log.debug(
          "write coalescing cannot defer: this Jetty's network buffer is not reachable ({})",
          e.toString());
      return null;
    }
  }
}
