package io.realtimekit.jetty;

import static io.realtimekit.jetty.RawWebSocket.TEXT;
import static org.assertj.core.api.Assertions.assertThat;

import io.realtimekit.Realtime;
import io.realtimekit.RealtimeSettings;
import io.realtimekit.domain.Role;
import io.realtimekit.testkit.TestTokens;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Frames written while the frames of one read are handled leave in one write per socket, and a
 * partly received frame never holds back the answers to the complete ones before it.
 */
@Timeout(60)
class WriteCoalescingTest {
  private RawSocketServer raw;

  @BeforeEach
  void start() throws Exception {
    raw = RawSocketServer.start(RealtimeSettings.defaults());
  }

  @AfterEach
  void stop() throws Exception {
    raw.close();
  }

  private RawWebSocket authenticated(String user, Role role) throws Exception {
    return raw.authenticated(user, role);
  }

  private static String chat(String to, int id) {
    return "{\"event\":\"chat:message\",\"data\":{\"to\":\""
        + to
        + "\",\"message\":\"m"
        + id
        + "\"},\"id\":"
        + id
        + "}";
  }

  /** Reads text frames until {@code n} replies (visitor side) have arrived; returns their texts. */
  private static List<String> replies(RawWebSocket ws, int n) throws Exception {
    List<String> replies = new ArrayList<>();
    while (replies.size() < n) {
      String text = ws.readUntil(TEXT).text();
      if (text.startsWith("{\"reply\":")) {
        replies.add(text);
      }
    }
    return replies;
  }

  private static List<String> chats(RawWebSocket ws, int n) throws Exception {
    List<String> chats = new ArrayList<>();
    while (chats.size() < n) {
      String text = ws.readUntil(TEXT).text();
      if (text.startsWith("{\"event\":\"chat:message\"")) {
        chats.add(text);
      }
    }
    return chats;
  }

  @Test
  void tenMessagesReadTogetherAreAnsweredWithFewWrites() throws Exception {
    WriteCoalescing coalescing = raw.server.coalescing();
    assertThat(coalescing.available())
        .as("Jetty's network buffer is reachable (a Jetty upgrade may have renamed it)")
        .isTrue();
    try (RawWebSocket commercial = authenticated("agent", Role.COMMERCIAL);
        RawWebSocket visitor = authenticated("visitor", Role.VISITOR)) {
      long flushes0 = coalescing.flushes();
      long batched0 = coalescing.batchedFrames();
      ByteArrayOutputStream burst = new ByteArrayOutputStream();
      for (int i = 1; i <= 10; i++) {
        burst.write(RawWebSocket.textFrame(chat("agent", i)));
      }
      visitor.write(burst.toByteArray());

      List<String> replies = replies(visitor, 10);
      List<String> delivered = chats(commercial, 10);
      for (int i = 1; i <= 10; i++) {
        assertThat(replies.get(i - 1)).startsWith("{\"reply\":" + i + ",\"ok\":true");
        assertThat(delivered.get(i - 1)).contains("\"message\":\"m" + i + "\"");
      }
      long batched = coalescing.batchedFrames() - batched0;
      long flushes = coalescing.flushes() - flushes0;
      assertThat(batched).as("replies and deliveries batched").isEqualTo(20);
      // one read of the burst gives 2 writes; a read split by the network gives a few more
      assertThat(flushes).as("writes for 20 frames").isLessThanOrEqualTo(10);
    }
  }

  @Test
  void aPartlyReceivedFrameDoesNotHoldBackTheAnswersToTheFramesBeforeIt() throws Exception {
    try (RawWebSocket commercial = authenticated("agent", Role.COMMERCIAL);
        RawWebSocket visitor = authenticated("visitor", Role.VISITOR)) {
      byte[] third = RawWebSocket.textFrame(chat("agent", 3));
      ByteArrayOutputStream first = new ByteArrayOutputStream();
      first.write(RawWebSocket.textFrame(chat("agent", 1)));
      first.write(RawWebSocket.textFrame(chat("agent", 2)));
      first.write(third, 0, 5); // the header of the third frame, and 3 bytes of it
      visitor.write(first.toByteArray());

      // answered now, although the rest of the read is an incomplete frame (10 s read timeout)
      assertThat(replies(visitor, 2)).hasSize(2);
      assertThat(chats(commercial, 2)).hasSize(2);

      visitor.write(Arrays.copyOfRange(third, 5, third.length));
      assertThat(replies(visitor, 1).get(0)).startsWith("{\"reply\":3,\"ok\":true");
      assertThat(chats(commercial, 1).get(0)).contains("\"message\":\"m3\"");
    }
  }

  @Test
  void switchedOffNothingIsBatchedAndEveryFrameIsStillAnswered() throws Exception {
    TestTokens tokens = new TestTokens();
    Realtime realtime = Realtime.builder().tokenVerifier(tokens.verifier()).build().start();
    try (RealtimeServer server =
        RealtimeJetty.builder(realtime).host("127.0.0.1").port(0).writeCoalescing(false).start()) {
      WriteCoalescing coalescing = server.coalescing();
      assertThat(coalescing.enabled()).isFalse();
      assertThat(coalescing.available()).as("no Jetty internal is read").isFalse();
      RawWebSocket commercial =
          connect(server, tokens.token("agent", raw.company, Role.COMMERCIAL));
      RawWebSocket visitor = connect(server, tokens.token("visitor", raw.company, Role.VISITOR));
      try (commercial;
          visitor) {
        ByteArrayOutputStream burst = new ByteArrayOutputStream();
        for (int i = 1; i <= 10; i++) {
          burst.write(RawWebSocket.textFrame(chat("agent", i)));
        }
        visitor.write(burst.toByteArray());

        List<String> replies = replies(visitor, 10);
        List<String> delivered = chats(commercial, 10);
        for (int i = 1; i <= 10; i++) {
          assertThat(replies.get(i - 1)).startsWith("{\"reply\":" + i + ",\"ok\":true");
          assertThat(delivered.get(i - 1)).contains("\"message\":\"m" + i + "\"");
        }
        assertThat(coalescing.batchedFrames()).isZero();
        assertThat(coalescing.flushes()).isZero();
      }
    } finally {
      realtime.close();
    }
  }

  private static RawWebSocket connect(RealtimeServer server, String token) throws Exception {
    RawWebSocket ws = RawWebSocket.connect(server.uri());
    ws.sendText("{\"type\":\"connect\",\"token\":\"" + token + "\"}");
    assertThat(ws.readUntil(TEXT).text()).startsWith("{\"type\":\"connected\"");
    return ws;
  }

  @Test
  void aCompleteFrameIsRecognisedFromItsHeaderAndLength() {
    byte[] small = RawWebSocket.frame(TEXT, true, new byte[10]);
    byte[] medium = RawWebSocket.frame(TEXT, true, new byte[300]);
    byte[] large = RawWebSocket.frame(TEXT, true, new byte[70_000]);
    for (byte[] f : List.of(small, medium, large)) {
      assertThat(BufferedFrameProbe.completeFrameAt(ByteBuffer.wrap(f))).isTrue();
      for (int cut : new int[] {0, 1, 2, 3, 5, 9, f.length - 1}) {
        assertThat(
                BufferedFrameProbe.completeFrameAt(
                    ByteBuffer.wrap(f, 0, Math.min(cut, f.length - 1))))
            .as("%d of %d bytes", cut, f.length)
            .isFalse();
      }
    }
    // an unmasked frame (2-byte header) after 3 bytes already read
    ByteBuffer unmasked = ByteBuffer.wrap(new byte[] {9, 9, 9, (byte) 0x81, 2, 'h', 'i'});
    unmasked.position(3);
    assertThat(BufferedFrameProbe.completeFrameAt(unmasked)).isTrue();
    unmasked.limit(6);
    assertThat(BufferedFrameProbe.completeFrameAt(unmasked)).isFalse();
  }
}
