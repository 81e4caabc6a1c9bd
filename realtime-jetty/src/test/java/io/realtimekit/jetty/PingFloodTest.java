package io.realtimekit.jetty;

import static io.realtimekit.jetty.RawWebSocket.CLOSE;
import static io.realtimekit.jetty.RawWebSocket.PING;
import static io.realtimekit.jetty.RawWebSocket.TEXT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.realtimekit.RealtimeSettings;
import io.realtimekit.domain.Role;
import io.realtimekit.transport.socketio.SocketIoTransport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Clients that send pings and never read what they ask for: WebSocket pings, Engine.IO pings over a
 * WebSocket, Engine.IO pings POSTed without a GET. What the server holds for them stays within the
 * connection's outbound bound, and they are closed with 4429 (a polling session is dropped).
 */
@Timeout(120)
class PingFloodTest {
  private static final int RECEIVE_BUFFER = 4096;
  private RawSocketServer raw;

  @AfterEach
  void stop() throws Exception {
    if (raw != null) {
      raw.close();
    }
  }

  @Test
  void webSocketPingsFromAClientThatDoesNotReadAreBoundedAndClose4429() throws Exception {
    long bound = 16 * 1024;
    raw =
        RawSocketServer.start(
            RealtimeSettings.defaults().withMaxFrameBytes(4096).withOutboundQueueBytes(bound));
    CoreWebSocketEndpoint endpoint = raw.server.endpoint();
    try (RawWebSocket ws = RawWebSocket.connect(raw.server.uri(), RECEIVE_BUFFER)) {
      ws.sendText("{\"type\":\"connect\",\"token\":\"" + raw.token("pinger", Role.VISITOR) + "\"}");
      assertThat(ws.readUntil(TEXT).text()).startsWith("{\"type\":\"connected\"");
      byte[] ping = RawWebSocket.frame(PING, true, filled(125, 'p'));

      long most =
          flood(ws, ping, endpoint::controlBytesInFlight, () -> endpoint.closingSessions() > 0);

      assertThat(most)
          .as("one pong (2 + 125 bytes) and one server ping at most")
          .isLessThanOrEqualTo(2 + 125 + 2);
      assertThat(ws.readUntil(CLOSE).closeCode()).isEqualTo(4429);
    }
  }

  @Test
  void engineIoPingsOverAWebSocketThatDoesNotReadAreBoundedAndClose4429() throws Exception {
    long bound = 64 * 1024;
    raw =
        RawSocketServer.start(
            RealtimeSettings.defaults().withMaxFrameBytes(16 * 1024).withOutboundQueueBytes(bound),
            true);
    SocketIoTransport sio = raw.realtime.socketIoTransport();
    URI uri =
        URI.create(
            "ws://127.0.0.1:"
                + raw.server.httpUri().getPort()
                + "/socket.io/?EIO=4&transport=websocket");
    try (RawWebSocket ws = RawWebSocket.connect(uri, RECEIVE_BUFFER)) {
      assertThat(ws.readUntil(TEXT).text()).startsWith("0{");
      ws.sendText("40{\"token\":\"" + raw.token("pinger", Role.VISITOR) + "\"}");
      assertThat(ws.readUntil(TEXT).text()).startsWith("40{\"sid\":");
      byte[] ping = RawWebSocket.textFrame("2" + "p".repeat(8000));

      long most = flood(ws, ping, sio::bufferedBytes, () -> sio.openConnections() == 0);

      assertThat(most).as("held for the client").isLessThanOrEqualTo(bound);
      assertThat(ws.readUntil(CLOSE).closeCode()).isEqualTo(4429);
    }
  }

  @Test
  void engineIoPingsPostedWithoutPollingAreBoundedAndEndTheSession() throws Exception {
    long bound = 256 * 1024;
    raw = RawSocketServer.start(RealtimeSettings.defaults().withOutboundQueueBytes(bound), true);
    SocketIoTransport sio = raw.realtime.socketIoTransport();
    String base =
        "http://127.0.0.1:"
            + raw.server.httpUri().getPort()
            + "/socket.io/?EIO=4&transport=polling";
    Http open = http("GET", base, null);
    assertThat(open.body()).startsWith("0{");
    String sid = open.body().replaceAll(".*\"sid\":\"([^\"]+)\".*", "$1");
    String session = base + "&sid=" + sid;
    assertThat(
            http("POST", session, "40{\"token\":\"" + raw.token("poster", Role.VISITOR) + "\"}")
                .body())
        .isEqualTo("ok");
    assertThat(http("GET", session, null).body()).startsWith("40{\"sid\":");

    String ping = "2" + "p".repeat(60_000);
    long most = 0;
    int posts = 0;
    Http answer;
    do {
      answer = http("POST", session, ping);
      posts++;
      most = Math.max(most, sio.bufferedBytes());
    } while (answer.status() == 200 && posts < 1000);

    assertThat(most).as("held for the client").isLessThanOrEqualTo(bound);
    assertThat(posts).as("a few pings fit in the bound, then the session ends").isBetween(5, 10);
    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.body()).contains("Session ID unknown");
    Http poll = http("GET", session, null);
    assertThat(poll.status()).isEqualTo(400);
    assertThat(poll.body()).contains("Session ID unknown");
    assertThat(sio.openConnections()).isZero();
    assertThat(sio.bufferedBytes()).isZero();
  }

  /**
   * Writes {@code frame} again and again on another thread (never reading) until {@code closed};
   * samples {@code held} meanwhile and returns the most it saw.
   */
  private static long flood(
      RawWebSocket ws, byte[] frame, LongSupplier held, java.util.function.BooleanSupplier closed)
      throws Exception {
    ByteArrayOutputStream batch = new ByteArrayOutputStream();
    for (int i = 0; i < Math.max(1, 64 * 1024 / frame.length); i++) {
      batch.write(frame);
    }
    byte[] bytes = batch.toByteArray();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong written = new AtomicLong();
    Thread writer =
        new Thread(
            () -> {
              try {
                while (!stop.get() && written.get() < 512L * 1024 * 1024) {
                  ws.write(bytes);
                  written.addAndGet(bytes.length);
                }
              } catch (IOException e) {
                // the server went away: the assertions tell whether that was right
              }
            },
            "ping-flood");
    writer.setDaemon(true);
    writer.start();
    AtomicLong most = new AtomicLong();
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(5))
          .until(
              () -> {
                most.accumulateAndGet(held.getAsLong(), Math::max);
                return closed.getAsBoolean();
              });
    } finally {
      stop.set(true);
      writer.join(10_000);
    }
    assertThat(writer.isAlive()).as("the flooding writer stopped").isFalse();
    assertThat(written.get()).as("bytes of pings sent").isPositive();
    return most.get();
  }

  private static byte[] filled(int n, char c) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) c);
    return b;
  }

  private record Http(int status, String body) {}

  private static Http http(String method, String url, String body) throws IOException {
    HttpURLConnection conn = (HttpURLConnection) URI.create(url).toURL().openConnection();
    conn.setConnectTimeout(5000);
    conn.setReadTimeout(10_000);
    conn.setRequestMethod(method);
    try {
      if (body != null) {
        conn.setDoOutput(true);
        conn.setRequestProperty("Content-Type", "text/plain;charset=UTF-8");
        try (OutputStream out = conn.getOutputStream()) {
          out.write(body.getBytes(StandardCharsets.UTF_8));
        }
      }
      int status = conn.getResponseCode();
      InputStream in = status < 400 ? conn.getInputStream() : conn.getErrorStream();
      return new Http(
          status, in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } finally {
      conn.disconnect();
    }
  }
}
