package io.realtimekit.jetty;

import static io.realtimekit.jetty.RawWebSocket.PING;
import static io.realtimekit.jetty.RawWebSocket.PONG;
import static io.realtimekit.jetty.RawWebSocket.TEXT;
import static org.assertj.core.api.Assertions.assertThat;

import io.realtimekit.RealtimeSettings;
import io.realtimekit.domain.Role;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Server pings go to silent sockets only: traffic already proves a busy socket alive. */
@Timeout(60)
class HeartbeatTest {
  private static final Duration HEARTBEAT = Duration.ofMillis(200);
  private RawSocketServer raw;

  @BeforeEach
  void start() throws Exception {
    raw =
        RawSocketServer.start(
            RealtimeSettings.defaults()
                .withHeartbeat(HEARTBEAT)
                .withIdleTimeout(Duration.ofSeconds(5)));
  }

  @AfterEach
  void stop() throws Exception {
    raw.close();
  }

  private RawWebSocket authenticated(String user) throws Exception {
    return raw.authenticated(user, Role.VISITOR);
  }

  @Test
  void aSilentSocketIsPingedAboutEveryHeartbeat() throws Exception {
    try (RawWebSocket ws = authenticated("quiet")) {
      long t0 = System.nanoTime();
      ws.readUntil(PING);
      ws.send(PONG, true, new byte[0]);
      ws.readUntil(PING);
      long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
      // two pings: at least one heartbeat apart (less a tick), not the 5 s idle timeout
      assertThat(elapsedMs).isBetween(HEARTBEAT.toMillis() - 50, 4_000L);
    }
  }

  @Test
  void aSocketIoSocketGetsEngineIoPingsOnlyNotWebSocketPingsToo() throws Exception {
    raw.close();
    raw =
        RawSocketServer.start(
            RealtimeSettings.defaults()
                .withHeartbeat(HEARTBEAT)
                .withIdleTimeout(Duration.ofSeconds(5)),
            true);
    URI uri =
        URI.create(
            "ws://127.0.0.1:"
                + raw.server.httpUri().getPort()
                + "/socket.io/?EIO=4&transport=websocket");
    try (RawWebSocket ws = RawWebSocket.connect(uri)) {
      assertThat(ws.readUntil(TEXT).text()).startsWith("0{");
      ws.sendText("40{\"token\":\"" + raw.token("sio", Role.VISITOR) + "\"}");
      assertThat(ws.readUntil(TEXT).text()).startsWith("40{\"sid\":");
      int engineIoPings = 0;
      int webSocketPings = 0;
      while (engineIoPings < 5) { // five Engine.IO ping intervals, each answered
        RawWebSocket.Frame f = ws.read();
        if (f.opCode() == PING) {
          webSocketPings++;
          ws.send(PONG, true, new byte[0]);
        } else if (f.opCode() == TEXT && f.text().equals("2")) {
          engineIoPings++;
          ws.sendText("3");
        }
      }
      // Engine.IO's own heartbeat proves the peer alive; a WebSocket ping on top doubles the work
      assertThat(webSocketPings).isZero();
    }
  }

  @Test
  void aSocketThatKeepsTalkingIsNotPinged() throws Exception {
    try (RawWebSocket ws = authenticated("busy")) {
      int pings = 0;
      long end = System.nanoTime() + Duration.ofMillis(6 * HEARTBEAT.toMillis()).toNanos();
      int id = 0;
      while (System.nanoTime() < end) {
        // a request every quarter heartbeat; its reply is read back before the next one
        ws.sendText("{\"event\":\"presence:list\",\"data\":{},\"id\":" + (++id) + "}");
        while (true) {
          RawWebSocket.Frame f = ws.read();
          if (f.opCode() == PING) {
            pings++;
          } else if (f.opCode() == TEXT && f.text().startsWith("{\"reply\":" + id + ",")) {
            break;
          }
        }
        Thread.sleep(
            HEARTBEAT.toMillis() / 4); // pacing the client's traffic, not waiting for a result
      }
      assertThat(pings)
          .as("pings to a socket with traffic every %s", HEARTBEAT.dividedBy(4))
          .isZero();
    }
  }
}
