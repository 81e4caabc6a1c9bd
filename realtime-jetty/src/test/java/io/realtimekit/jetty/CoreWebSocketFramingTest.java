package io.realtimekit.jetty;

import static io.realtimekit.jetty.RawWebSocket.BINARY;
import static io.realtimekit.jetty.RawWebSocket.CLOSE;
import static io.realtimekit.jetty.RawWebSocket.CONTINUATION;
import static io.realtimekit.jetty.RawWebSocket.PING;
import static io.realtimekit.jetty.RawWebSocket.PONG;
import static io.realtimekit.jetty.RawWebSocket.TEXT;
import static org.assertj.core.api.Assertions.assertThat;

import io.realtimekit.RealtimeSettings;
import io.realtimekit.domain.Role;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The framing rules of the Jetty core WebSocket adapter, frame by frame with a raw client:
 * fragmented messages, the frame limit across fragments, invalid UTF-8, binary frames, pings.
 */
@Timeout(60)
class CoreWebSocketFramingTest {
  private static final int MAX_FRAME = 4096;
  private RawSocketServer raw;

  @BeforeEach
  void start() throws Exception {
    raw = RawSocketServer.start(RealtimeSettings.defaults().withMaxFrameBytes(MAX_FRAME));
  }

  @AfterEach
  void stop() throws Exception {
    raw.close();
  }

  private RawWebSocket authenticated(String user) throws Exception {
    return raw.authenticated(user, Role.VISITOR);
  }

  @Test
  void aMessageInThreeFragmentsIsHandledAsOne() throws Exception {
    try (RawWebSocket ws = authenticated("v1")) {
      byte[] whole =
          "{\"event\":\"presence:list\",\"data\":{},\"id\":7}".getBytes(StandardCharsets.UTF_8);
      ws.send(TEXT, false, slice(whole, 0, 10));
      ws.send(
          PING,
          true,
          "mid-message".getBytes(StandardCharsets.UTF_8)); // control frames may interleave
      ws.send(CONTINUATION, false, slice(whole, 10, 20));
      ws.send(CONTINUATION, true, slice(whole, 20, whole.length));

      assertThat(ws.readUntil(PONG).text()).isEqualTo("mid-message");
      assertThat(ws.readUntil(TEXT).text()).startsWith("{\"reply\":7,\"ok\":true");
    }
  }

  @Test
  void fragmentsAddingUpToMoreThanTheLimitClose1009() throws Exception {
    try (RawWebSocket ws = authenticated("v2")) {
      byte[] half = new byte[MAX_FRAME / 2 + 1];
      java.util.Arrays.fill(half, (byte) 'x');
      ws.send(TEXT, false, half);
      ws.send(CONTINUATION, true, half);

      assertThat(ws.readUntil(CLOSE).closeCode()).isEqualTo(1009);
    }
  }

  @Test
  void invalidUtf8Closes1007() throws Exception {
    try (RawWebSocket ws = authenticated("v3")) {
      ws.send(TEXT, true, new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'});

      assertThat(ws.readUntil(CLOSE).closeCode()).isEqualTo(1007);
    }
  }

  @Test
  void aReplacementCharacterSentOnPurposeIsValidText() throws Exception {
    try (RawWebSocket ws = authenticated("v4")) {
      ws.sendText("{\"event\":\"presence:list\",\"data\":{\"note\":\"\uFFFD\"},\"id\":8}");

      assertThat(ws.readUntil(TEXT).text()).startsWith("{\"reply\":8");
    }
  }

  @Test
  void aBinaryFrameCloses1003() throws Exception {
    try (RawWebSocket ws = authenticated("v5")) {
      ws.send(BINARY, true, new byte[] {1, 2, 3});

      assertThat(ws.readUntil(CLOSE).closeCode()).isEqualTo(1003);
    }
  }

  @Test
  void aPingIsAnsweredWithItsPayload() throws Exception {
    try (RawWebSocket ws = RawWebSocket.connect(raw.server.uri())) {
      ws.send(PING, true, new byte[] {9, 8, 7});

      RawWebSocket.Frame pong = ws.readUntil(PONG);
      assertThat(pong.payload()).containsExactly(9, 8, 7);
    }
  }

  @Test
  void aClientCloseIsAnsweredAndTheSocketLeavesTheCount() throws Exception {
    try (RawWebSocket ws = authenticated("v6")) {
      assertThat(raw.realtime.transport().openConnections()).isEqualTo(1);
      ws.send(CLOSE, true, new byte[] {0x03, (byte) 0xE8}); // 1000

      assertThat(ws.readUntil(CLOSE).closeCode()).isEqualTo(1000);
    }
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(10))
        .until(() -> raw.realtime.transport().openConnections() == 0);
  }

  private static byte[] slice(byte[] b, int from, int to) {
    return java.util.Arrays.copyOfRange(b, from, to);
  }
}
