package io.realtimekit.jetty;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Reading frame payloads of {@link CoreWebSocketConnection}: UTF-8 text, and copies. */
final class FramePayloads {
  private FramePayloads() {}

  /** The payload as text, or null when it is not valid UTF-8. */
  static String utf8(ByteBuffer payload, int length) {
    if (length == 0) {
      return "";
    }
    byte[] bytes;
    int offset;
    if (payload.hasArray()) {
      bytes = payload.array();
      offset = payload.arrayOffset() + payload.position();
    } else {
      bytes = new byte[length];
      payload.duplicate().get(bytes);
      offset = 0;
    }
    String text = new String(bytes, offset, length, StandardCharsets.UTF_8);
    // the lenient decoder above replaces bad input with U+FFFD; only then is a strict pass needed
    if (text.indexOf('\uFFFD') >= 0) {
      try {
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(bytes, offset, length));
      } catch (CharacterCodingException e) {
        return null;
      }
    }
    return text;
  }

  /** A copy of the payload (Jetty reuses the frame's buffer once its callback completes). */
  static ByteBuffer copy(ByteBuffer payload) {
    if (payload == null || !payload.hasRemaining()) {
      return ByteBuffer.allocate(0);
    }
    ByteBuffer copy = ByteBuffer.allocate(payload.remaining());
    copy.put(payload.duplicate()).flip();
    return copy;
  }
}
