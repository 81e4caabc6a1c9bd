package io.realtimekit.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtimekit.Realtime;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import io.realtimekit.testkit.TestTokens;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An Engine.IO session id is not a bearer secret: a poll, a post or an upgrade that presents it
 * from another client address is answered as an unknown id, and the owner keeps its session. The
 * "other client" speaks from 127.0.0.2, a second loopback address.
 */
@Timeout(60)
class EngineIoSessionBindingTest {
  private final TestTokens tokens = new TestTokens();
  private final CompanyId company = CompanyId.of(UUID.randomUUID());
  private Realtime realtime;
  private RealtimeServer server;
  private int port;

  @BeforeEach
  void start() throws Exception {
    realtime = Realtime.builder().tokenVerifier(tokens.verifier()).build().start();
    server = RealtimeJetty.builder(realtime).host("127.0.0.1").port(0).socketIo(true).start();
    port = server.httpUri().getPort();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    realtime.close();
  }

  @Test
  void aSessionIdFromAnotherAddressIsUnknownThereAndTheOwnerIsUndisturbed() throws Exception {
    String open = http("127.0.0.1", "GET", "", null).body();
    String sid =
        open.substring(
            open.indexOf("\"sid\":\"") + 7, open.indexOf('"', open.indexOf("\"sid\":\"") + 7));
    String token =
        tokens.token(UserId.of("owner"), company, Set.of(Role.VISITOR), Duration.ofHours(1));
    assertThat(http("127.0.0.1", "POST", "&sid=" + sid, "40{\"token\":\"" + token + "\"}").body())
        .isEqualTo("ok");
    assertThat(http("127.0.0.1", "GET", "&sid=" + sid, null).body()).startsWith("40{\"sid\"");

    Answer poll = http("127.0.0.2", "GET", "&sid=" + sid, null);
    assertThat(poll.status()).isEqualTo(400);
    assertThat(poll.body()).contains("Session ID unknown");
    Answer post = http("127.0.0.2", "POST", "&sid=" + sid, "42[\"presence:list\",{}]");
    assertThat(post.status()).isEqualTo(400);
    assertThat(post.body()).contains("Session ID unknown");
    assertThat(upgradeFrom("127.0.0.2", sid)).contains("Session ID unknown");

    // the owner's session goes on: an acknowledged event is answered on its next poll
    assertThat(http("127.0.0.1", "POST", "&sid=" + sid, "421[\"presence:list\",{}]").body())
        .isEqualTo("ok");
    assertThat(http("127.0.0.1", "GET", "&sid=" + sid, null).body()).contains("431[");
    assertThat(realtime.isConnected(UserId.of("owner"))).isTrue();
  }

  record Answer(int status, String body) {}

  /** One polling request from {@code localAddress}, on a fresh connection. */
  private Answer http(String localAddress, String method, String query, String body)
      throws IOException {
    try (Socket socket =
        new Socket(
            InetAddress.getByName("127.0.0.1"), port, InetAddress.getByName(localAddress), 0)) {
      socket.setSoTimeout(40_000);
      byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
      String head =
          method
              + " /socket.io/?EIO=4&transport=polling"
              + query
              + " HTTP/1.1\r\n"
              + "Host: 127.0.0.1:"
              + port
              + "\r\nConnection: close\r\n"
              + (body == null
                  ? ""
                  : "Content-Type: text/plain;charset=UTF-8\r\nContent-Length: "
                      + content.length
                      + "\r\n")
              + "\r\n";
      socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().write(content);
      socket.getOutputStream().flush();
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int status = Integer.parseInt(answer.substring(9, 12));
      String payload = answer.substring(answer.indexOf("\r\n\r\n") + 4);
      if (answer.toLowerCase().contains("transfer-encoding: chunked")) {
        payload = unchunk(payload);
      }
      return new Answer(status, payload);
    }
  }

  /** The WebSocket upgrade of {@code sid} from {@code localAddress}: the close frame's reason. */
  private String upgradeFrom(String localAddress, String sid) throws IOException {
    try (Socket socket =
        new Socket(
            InetAddress.getByName("127.0.0.1"), port, InetAddress.getByName(localAddress), 0)) {
      socket.setSoTimeout(10_000);
      byte[] key = new byte[16];
      new java.util.Random().nextBytes(key);
      String request =
          "GET /socket.io/?EIO=4&transport=websocket&sid="
              + sid
              + " HTTP/1.1\r\n"
              + "Host: 127.0.0.1:"
              + port
              + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
              + "Sec-WebSocket-Key: "
              + Base64.getEncoder().encodeToString(key)
              + "\r\n"
              + "Sec-WebSocket-Version: 13\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      int b;
      while ((b = in.read()) != -1) {
        all.write(b);
      }
      return all.toString(StandardCharsets.ISO_8859_1);
    }
  }

  private static String unchunk(String chunked) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < chunked.length()) {
      int eol = chunked.indexOf("\r\n", i);
      int size = Integer.parseInt(chunked.substring(i, eol).trim(), 16);
      if (size == 0) {
        break;
      }
      out.append(chunked, eol + 2, eol + 2 + size);
      i = eol + 2 + size + 2;
    }
    return out.toString();
  }
}
