package io.realtimekit.jetty;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A blocking WebSocket client written frame by frame, for what a normal client will not send:
 * fragments, invalid UTF-8, binary frames, pings with a payload. Reads time out after 10 s.
 */
final class RawWebSocket implements AutoCloseable {
  static final int TEXT = 0x1;
  static final int CONTINUATION = 0x0;
  static final int BINARY = 0x2;
  static final int CLOSE = 0x8;
  static final int PING = 0x9;
  static final int PONG = 0xA;

  /** One frame as read: its opcode and payload. */
  record Frame(int opCode, byte[] payload) {
    String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }

    int closeCode() {
      return ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
    }
  }

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;

  private RawWebSocket(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  /** Connects and upgrades; fails unless the server answers 101. */
  static RawWebSocket connect(URI uri) throws IOException {
    return connect(uri, 0);
  }

  /**
   * Connects with a receive buffer of {@code receiveBufferBytes} (0: the system's), so that a
   * client that does not read stops the server's writes soon; path and query of {@code uri} are
   * sent.
   */
  static RawWebSocket connect(URI uri, int receiveBufferBytes) throws IOException {
    Socket socket = new Socket();
    if (receiveBufferBytes > 0) {
      socket.setReceiveBufferSize(receiveBufferBytes);
    }
    socket.connect(new java.net.InetSocketAddress(uri.getHost(), uri.getPort()), 10_000);
    socket.setSoTimeout(10_000);
    socket.setTcpNoDelay(true);
    byte[] key = new byte[16];
    ThreadLocalRandom.current().nextBytes(key);
    String target =
        uri.getRawQuery() == null ? uri.getRawPath() : uri.getRawPath() + "?" + uri.getRawQuery();
    String request =
        "GET "
            + target
            + " HTTP/1.1\r\n"
            + "Host: "
            + uri.getHost()
            + ":"
            + uri.getPort()
            + "\r\n"
            + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: "
            + Base64.getEncoder().encodeToString(key)
            + "\r\n"
            + "Sec-WebSocket-Version: 13\r\n\r\n";
    socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
    String head = readHead(socket.getInputStream());
    if (!head.startsWith("HTTP/1.1 101")) {
      socket.close();
      throw new IOException("not upgraded: " + head.lines().findFirst().orElse(""));
    }
    return new RawWebSocket(socket);
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed during the handshake");
      }
      head.write(b);
      matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.US_ASCII);
  }

  void sendText(String text) throws IOException {
    send(TEXT, true, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Sends one frame, masked as a client must. */
  void send(int opCode, boolean fin, byte[] payload) throws IOException {
    write(frame(opCode, fin, payload));
  }

  /** Writes raw bytes (whole frames, several frames, or part of one) in one write. */
  void write(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** One masked client frame, as bytes. */
  static byte[] frame(int opCode, boolean fin, byte[] payload) {
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.write((fin ? 0x80 : 0) | opCode);
    int n = payload.length;
    if (n < 126) {
      frame.write(0x80 | n);
    } else if (n < 65536) {
      frame.write(0x80 | 126);
      frame.write(n >>> 8);
      frame.write(n & 0xff);
    } else {
      frame.write(0x80 | 127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        frame.write((int) ((long) n >>> shift) & 0xff);
      }
    }
    byte[] mask = new byte[4];
    ThreadLocalRandom.current().nextBytes(mask);
    frame.write(mask, 0, 4);
    for (int i = 0; i < n; i++) {
      frame.write(payload[i] ^ mask[i % 4]);
    }
    return frame.toByteArray();
  }

  /** A masked text frame, as bytes. */
  static byte[] textFrame(String text) {
    return frame(TEXT, true, text.getBytes(StandardCharsets.UTF_8));
  }

  /** The next frame from the server; throws on timeout or end of stream. */
  Frame read() throws IOException {
    int b0 = in.readUnsignedByte();
    int b1 = in.readUnsignedByte();
    long n = b1 & 0x7f;
    if (n == 126) {
      n = in.readUnsignedShort();
    } else if (n == 127) {
      n = in.readLong();
    }
    byte[] payload = new byte[(int) n];
    in.readFully(payload);
    return new Frame(b0 & 0x0f, payload);
  }

  /** Reads until a frame of {@code opCode}; others (pings, events) are skipped. */
  Frame readUntil(int opCode) throws IOException {
    while (true) {
      Frame f = read();
      if (f.opCode() == opCode) {
        return f;
      }
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
