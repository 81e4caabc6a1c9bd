package io.realtimekit.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtimekit.Realtime;
import io.realtimekit.testkit.TestTokens;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Socket.IO polling answers cross-origin requests with credentials only for origins the host named;
 * with no allow-list, any page may poll, but never with the visitor's cookies.
 */
@Timeout(60)
class SocketIoPollingCorsTest {
  private final TestTokens tokens = new TestTokens();

  private Realtime realtime;
  private RealtimeServer server;

  @AfterEach
  void stopAll() throws Exception {
    if (server != null) {
      server.close();
    }
    if (realtime != null) {
      realtime.close();
    }
  }

  @Test
  void withoutAnAllowListAnyOriginMayPollButWithoutCredentials() throws Exception {
    start(Set.of());
    Map<String, String> answer = handshake("https://evil.example");
    assertThat(answer.get(":status")).isEqualTo("200");
    assertThat(answer.get("access-control-allow-origin")).isEqualTo("*");
    assertThat(answer.get("access-control-allow-credentials")).isNull();
  }

  @Test
  void anAllowedOriginIsReflectedWithCredentialsAndAnyOtherGetsNoCorsHeaders() throws Exception {
    start(Set.of("https://shop.example"));
    Map<String, String> allowed = handshake("https://shop.example");
    assertThat(allowed.get(":status")).isEqualTo("200");
    assertThat(allowed.get("access-control-allow-origin")).isEqualTo("https://shop.example");
    assertThat(allowed.get("access-control-allow-credentials")).isEqualTo("true");

    Map<String, String> other = handshake("https://evil.example");
    assertThat(other.get("access-control-allow-origin")).isNull();
    assertThat(other.get("access-control-allow-credentials")).isNull();
  }

  private void start(Set<String> origins) throws Exception {
    realtime = Realtime.builder().tokenVerifier(tokens.verifier()).allowedOrigins(origins).build();
    realtime.start();
    server = RealtimeJetty.builder(realtime).host("127.0.0.1").port(0).socketIo(true).start();
  }

  /** One HTTP/1.1 request on a plain socket: status line and headers, names in lower case. */
  private Map<String, String> handshake(String origin) throws Exception {
    URI uri = server.httpUri();
    try (Socket socket = new Socket("127.0.0.1", uri.getPort())) {
      socket.setSoTimeout(5_000);
      String request =
          "GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: "
              + origin
              + "\r\nConnection: close\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      String head = readHead(socket.getInputStream());
      Map<String, String> headers = new TreeMap<>();
      String[] lines = head.split("\r\n");
      headers.put(":status", lines[0].split(" ")[1]);
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        headers.put(
            lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).trim());
      }
      return headers;
    }
  }

  private static String readHead(InputStream in) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1) {
      out.write(b);
      String text = out.toString(StandardCharsets.US_ASCII);
      if (text.endsWith("\r\n\r\n")) {
        return text.substring(0, text.length() - 4);
      }
    }
    throw new IllegalStateException("connection closed before the end of the headers");
  }
}
