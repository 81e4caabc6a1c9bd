package io.realtimekit.bench.load;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * RFC 6455 frames as a client writes them: final, masked, one {@code byte[]} per frame holding
 * header, masking key and masked payload, ready to be copied to the socket.
 */
final class WsFrames {
  static final int CONTINUATION = 0x0;
  static final int TEXT = 0x1;
  static final int BINARY = 0x2;
  static final int CLOSE = 0x8;
  static final int PING = 0x9;
  static final int PONG = 0xA;

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private WsFrames() {}

  /** A final text frame of {@code text} (UTF-8), masked with {@code mask}. */
  static byte[] text(String text, int mask) {
    int n = text.length();
    int header = headerLength(n);
    byte[] frame = new byte[header + n];
    int p = header;
    // optimistic single pass: one byte per char while the text is ASCII, which is the usual case
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c >= 0x80) {
        return frame(TEXT, text.getBytes(StandardCharsets.UTF_8), mask);
      }
      frame[p++] = (byte) c;
    }
    writeHeader(frame, TEXT, n, mask);
    mask(frame, header, n, mask);
    return frame;
  }

  /** A final frame of {@code opcode} carrying {@code payload}, masked with {@code mask}. */
  static byte[] frame(int opcode, byte[] payload, int mask) {
    return frame(opcode, payload, 0, payload.length, mask);
  }

  /** A final frame of {@code opcode} carrying {@code len} bytes of {@code src} from {@code off}. */
  static byte[] frame(int opcode, byte[] src, int off, int len, int mask) {
    int header = headerLength(len);
    byte[] frame = new byte[header + len];
    System.arraycopy(src, off, frame, header, len);
    writeHeader(frame, opcode, len, mask);
    mask(frame, header, len, mask);
    return frame;
  }

  /** A close frame with {@code code} (no reason), or with no body when {@code code} is 1005. */
  static byte[] close(int code, int mask) {
    if (code == 1005) {
      return frame(CLOSE, new byte[0], mask);
    }
    return frame(CLOSE, new byte[] {(byte) (code >>> 8), (byte) code}, mask);
  }

  /** Bytes before the payload: 2, 4 or 10 for the length, plus the 4-byte masking key. */
  static int headerLength(int payload) {
    return (payload < 126 ? 2 : payload <= 0xFFFF ? 4 : 10) + 4;
  }

  private static void writeHeader(byte[] f, int opcode, int len, int mask) {
    f[0] = (byte) (0x80 | opcode);
    int p;
    if (len < 126) {
      f[1] = (byte) (0x80 | len);
      p = 2;
    } else if (len <= 0xFFFF) {
      f[1] = (byte) (0x80 | 126);
      f[2] = (byte) (len >>> 8);
      f[3] = (byte) len;
      p = 4;
    } else {
      f[1] = (byte) (0x80 | 127); // bytes 2..5, the high half of the 64-bit length, stay zero
      f[6] = (byte) (len >>> 24);
      f[7] = (byte) (len >>> 16);
      f[8] = (byte) (len >>> 8);
      f[9] = (byte) len;
      p = 10;
    }
    f[p] = (byte) (mask >>> 24);
    f[p + 1] = (byte) (mask >>> 16);
    f[p + 2] = (byte) (mask >>> 8);
    f[p + 3] = (byte) mask;
  }

  /**
   * XORs {@code len} bytes from {@code off} with the masking key whose wire bytes are {@code mask}
   * big-endian: eight bytes at a time, then the tail byte by byte.
   */
  static void mask(byte[] a, int off, int len, int mask) {
    int le =
        Integer.reverseBytes(mask); // key byte 0 in the low byte, as a little-endian view reads it
    long m8 = (le & 0xFFFFFFFFL) | ((long) le << 32);
    int i = 0;
    for (; i + 8 <= len; i += 8) {
      long v = (long) LONGS.get(a, off + i);
      LONGS.set(a, off + i, v ^ m8);
    }
    for (; i < len; i++) {
      a[off + i] ^= (byte) (mask >>> (24 - 8 * (i & 3)));
    }
  }
}
