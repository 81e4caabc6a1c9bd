package io.realtimekit.bench.load;

import java.nio.charset.StandardCharsets;

/**
 * The frame parser of one {@link NioSocket}, on its loop thread: RFC 6455 frames from the server
 * (unmasked, no extension), text messages whole or assembled from fragments, control frames handed
 * back to the socket (ping, close), protocol errors reported to it (1002, 1009).
 */
final class WsReader {
  private final NioSocket socket;

  /**
   * Bytes of the frame being received, once its header is known; sizes the socket's input in one
   * step.
   */
  private int wanted;

  /** Text fragments assembled so far, and the opcode of the fragmented message (-1: none). */
  private byte[] frag;

  private int fragLen;
  private int fragOpcode = -1;

  WsReader(NioSocket socket) {
    this.socket = socket;
  }

  /** Bytes of the frame being received (header included) when it is incomplete, else 0. */
  int wanted() {
    return wanted;
  }

  /** Lets go of the fragment buffer (the socket closed). */
  void release() {
    frag = null;
  }

  /** Parses frames in {@code a[from, to)}; returns the index of the first byte not consumed. */
  int frames(byte[] a, int from, int to) {
    int p = from;
    while (true) {
      if (!socket.reading()) {
        return to; // closed: whatever follows is dropped
      }
      int avail = to - p;
      if (avail < 2) {
        return p;
      }
      int b0 = a[p] & 0xFF;
      int b1 = a[p + 1] & 0xFF;
      if ((b0 & 0x70) != 0 || (b1 & 0x80) != 0) {
        socket.protocolError(1002); // no extension was agreed, and a server never masks
        return to;
      }
      long len = b1 & 0x7F;
      int h = 2;
      if (len == 126) {
        if (avail < 4) {
          return p;
        }
        len = ((a[p + 2] & 0xFF) << 8) | (a[p + 3] & 0xFF);
        h = 4;
      } else if (len == 127) {
        if (avail < 10) {
          return p;
        }
        len = 0;
        for (int i = 2; i < 10; i++) {
          len = (len << 8) | (a[p + i] & 0xFF);
        }
        h = 10;
      }
      if (len < 0 || len > NioSocket.MAX_MESSAGE) {
        socket.protocolError(1009);
        return to;
      }
      if (avail < h + len) {
        wanted = h + (int) len;
        return p;
      }
      wanted = 0;
      int start = p + h;
      p = start + (int) len;
      onFrame((b0 & 0x80) != 0, b0 & 0x0F, a, start, (int) len);
    }
  }

  private void onFrame(boolean fin, int opcode, byte[] a, int off, int len) {
    switch (opcode) {
      case WsFrames.TEXT, WsFrames.BINARY -> {
        if (fragOpcode >= 0) {
          socket.protocolError(1002); // a new message inside a fragmented one
        } else if (fin) {
          if (opcode == WsFrames.TEXT) {
            socket.deliver(new String(a, off, len, StandardCharsets.UTF_8));
          }
        } else {
          fragOpcode = opcode;
          fragLen = 0;
          if (opcode == WsFrames.TEXT) {
            appendFragment(a, off, len);
          }
        }
      }
      case WsFrames.CONTINUATION -> {
        if (fragOpcode < 0) {
          socket.protocolError(1002);
          return;
        }
        if (fragOpcode == WsFrames.TEXT) {
          if ((long) fragLen + len > NioSocket.MAX_MESSAGE) {
            socket.protocolError(1009);
            return;
          }
          appendFragment(a, off, len);
        }
        if (fin) {
          int kind = fragOpcode;
          fragOpcode = -1;
          if (kind == WsFrames.TEXT) {
            String text = new String(frag, 0, fragLen, StandardCharsets.UTF_8);
            fragLen = 0;
            if (frag.length > NioLoop.READ_BUFFER) {
              frag = null;
            }
            socket.deliver(text);
          }
        }
      }
      case WsFrames.PING, WsFrames.PONG, WsFrames.CLOSE -> {
        if (!fin || len > 125 || (opcode == WsFrames.CLOSE && len == 1)) {
          socket.protocolError(1002);
        } else if (opcode == WsFrames.PING) {
          socket.onPing(a, off, len);
        } else if (opcode == WsFrames.CLOSE) {
          socket.onCloseFrame(len >= 2 ? ((a[off] & 0xFF) << 8) | (a[off + 1] & 0xFF) : 1005);
        }
      }
      default -> socket.protocolError(1002);
    }
  }

  private void appendFragment(byte[] a, int off, int len) {
    if (frag == null || frag.length < fragLen + len) {
      byte[] bigger = new byte[Math.max(fragLen + len, frag == null ? 1024 : 2 * frag.length)];
      if (fragLen > 0) {
        System.arraycopy(frag, 0, bigger, 0, fragLen);
      }
      frag = bigger;
    }
    System.arraycopy(a, off, frag, fragLen, len);
    fragLen += len;
  }
}
