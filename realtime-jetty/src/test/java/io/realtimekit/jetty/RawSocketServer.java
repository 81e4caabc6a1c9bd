package io.realtimekit.jetty;

import static io.realtimekit.jetty.RawWebSocket.TEXT;
import static org.assertj.core.api.Assertions.assertThat;

import io.realtimekit.Realtime;
import io.realtimekit.RealtimeSettings;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Role;
import io.realtimekit.testkit.TestTokens;
import java.util.UUID;

/**
 * A Realtime on {@link RealtimeJetty} at 127.0.0.1 for tests that talk frame by frame ({@link
 * RawWebSocket}).
 */
final class RawSocketServer implements AutoCloseable {
  final CompanyId company = CompanyId.of(UUID.randomUUID());
  final Realtime realtime;
  final RealtimeServer server;
  private final TestTokens tokens;

  private RawSocketServer(TestTokens tokens, Realtime realtime, RealtimeServer server) {
    this.tokens = tokens;
    this.realtime = realtime;
    this.server = server;
  }

  /** Starts a Realtime with {@code settings} and its Jetty server on a free port. */
  static RawSocketServer start(RealtimeSettings settings) throws Exception {
    return start(settings, false);
  }

  /** Same, serving Socket.IO at {@code /socket.io/} too when {@code socketIo}. */
  static RawSocketServer start(RealtimeSettings settings, boolean socketIo) throws Exception {
    TestTokens tokens = new TestTokens();
    Realtime realtime =
        Realtime.builder().tokenVerifier(tokens.verifier()).settings(settings).build().start();
    try {
      return new RawSocketServer(
          tokens,
          realtime,
          RealtimeJetty.builder(realtime).host("127.0.0.1").port(0).socketIo(socketIo).start());
    } catch (Exception e) {
      realtime.close();
      throw e;
    }
  }

  /** A token of {@code user} in this server's company. */
  String token(String user, Role role) {
    return tokens.token(user, company, role);
  }

  /** A socket of {@code user} in this server's company, authenticated by its first frame. */
  RawWebSocket authenticated(String user, Role role) throws Exception {
    RawWebSocket ws = RawWebSocket.connect(server.uri());
    ws.sendText("{\"type\":\"connect\",\"token\":\"" + tokens.token(user, company, role) + "\"}");
    assertThat(ws.readUntil(TEXT).text()).startsWith("{\"type\":\"connected\"");
    return ws;
  }

  @Override
  public void close() throws Exception {
    try {
      server.close();
    } finally {
      realtime.close();
    }
  }
}
