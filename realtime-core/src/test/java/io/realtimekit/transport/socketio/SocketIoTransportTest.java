package io.realtimekit.transport.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.realtimekit.Realtime;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import io.realtimekit.infrastructure.auth.HmacTokenIssuer;
import io.realtimekit.infrastructure.auth.JwtTokenVerifier;
import io.realtimekit.testing.InMemoryConnection;
import io.realtimekit.testing.ManualScheduler;
import io.realtimekit.transport.InboundHandler;
import io.realtimekit.transport.SendCallback;
import io.realtimekit.transport.TransportConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Socket.IO sessions driven without a network: the long-polling transport through {@link
 * SocketIoTransport#handle}, WebSockets as in-memory connections, time by a manual clock.
 */
class SocketIoTransportTest {
  static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
  static final CompanyId A = CompanyId.of(UUID.fromString("00000000-0000-0000-0000-00000000000a"));
  static final ObjectMapper JSON = new ObjectMapper();

  ManualScheduler time;
  HmacTokenIssuer issuer;
  Realtime realtime;
  SocketIoTransport sio;

  @BeforeEach
  void start() {
    time = new ManualScheduler();
    issuer = new HmacTokenIssuer(SECRET).withClock(time);
    realtime =
        Realtime.builder()
            .tokenVerifier(JwtTokenVerifier.hmac(SECRET).clock(time).build())
            .scheduler(time)
            .clock(time)
            .outboundQueueBytes(64 * 1024)
            .build()
            .start();
    sio = realtime.socketIoTransport();
  }

  @AfterEach
  void stop() {
    realtime.close();
  }

  String token(String user, Role role) {
    return issuer.issue(UserId.of(user), A, Set.of(role), Duration.ofHours(1));
  }

  // ---- a polling client ------------------------------------------------------------------------

  final class Poller {
    final String sid;

    Poller() throws Exception {
      PollResponse open = request(false, null, "");
      assertThat(open.status()).isEqualTo(200);
      assertThat(open.body()).startsWith("0{");
      JsonNode handshake = JSON.readTree(open.body().substring(1));
      sid = handshake.get("sid").asText();
    }

    void post(String... packets) {
      PollResponse r = request(true, sid, String.join("\u001e", packets));
      assertThat(r.body()).as("POST answer").isEqualTo("ok");
    }

    /** A GET answered at once; fails when it would wait. */
    List<String> poll() {
      PollResponse r = request(false, sid, "");
      assertThat(r).as("poll was parked").isNotNull();
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      return List.of(r.body().split("\u001e"));
    }

    PollResponse request(boolean post, String sid, String body) {
      return SocketIoTransportTest.this.request(post, sid, body);
    }
  }

  PollResponse request(boolean post, String sid, String body) {
    List<PollResponse> answers = new ArrayList<>();
    Map<String, List<String>> query =
        sid == null
            ? Map.of("EIO", List.of("4"), "transport", List.of("polling"))
            : Map.of("EIO", List.of("4"), "transport", List.of("polling"), "sid", List.of(sid));
    sio.handle(new PollRequest(post, query, Map.of(), "127.0.0.1:50001", body), answers::add);
    return answers.isEmpty() ? null : answers.get(0);
  }

  Poller connectedPoller(String user, Role role) throws Exception {
    Poller p = new Poller();
    p.post("40{\"token\":\"" + token(user, role) + "\"}");
    assertThat(p.poll().get(0)).startsWith("40{\"sid\":");
    return p;
  }

  // ---- a WebSocket client ---------------------------------------------------------------------

  static final class Socket implements TransportConnection {
    final Map<String, List<String>> query;
    final List<String> sent = new CopyOnWriteArrayList<>();
    volatile Integer closeCode;

    /** When set, writes are taken but never complete (a peer that does not read). */
    volatile boolean stalled;

    InboundHandler handler;

    Socket(Map<String, List<String>> query) {
      this.query = query;
    }

    static Socket open(SocketIoTransport transport, Map<String, List<String>> query) {
      Socket s = new Socket(query);
      s.handler = transport.accept(s);
      s.handler.onOpen();
      return s;
    }

    void receive(String text) {
      handler.onText(text);
    }

    @Override
    public String remoteAddress() {
      return "127.0.0.1:50003"; // the same client as the polls: an Engine.IO session is bound to
      // its address
    }

    @Override
    public Map<String, List<String>> handshakeHeaders() {
      return Map.of();
    }

    @Override
    public Map<String, List<String>> queryParameters() {
      return query;
    }

    @Override
    public void sendText(String text, SendCallback callback) {
      sent.add(text);
      if (!stalled) {
        callback.succeeded();
      }
    }

    @Override
    public void close(int code, String reason) {
      if (closeCode == null) {
        closeCode = code;
        handler.onClose(code, reason);
      }
    }
  }

  // ---- tests ----------------------------------------------------------------------------------

  @Test
  void pollingHandshakeAnnouncesTheSettings() throws Exception {
    PollResponse open = request(false, null, "");
    JsonNode h = JSON.readTree(open.body().substring(1));
    assertThat(h.get("upgrades").get(0).asText()).isEqualTo("websocket");
    assertThat(h.get("pingInterval").asLong()).isEqualTo(25_000);
    assertThat(h.get("pingTimeout").asLong()).isEqualTo(35_000);
    assertThat(h.get("maxPayload").asLong()).isEqualTo(64 * 1024);
    assertThat(sio.openConnections()).isEqualTo(1);
  }

  @Test
  void badPollingRequestsGetEngineIoErrors() {
    assertThat(request(false, "nope", "").status()).isEqualTo(400);
    assertThat(request(false, "nope", "").body()).contains("Session ID unknown");
    assertThat(request(true, null, "40").body()).contains("Bad handshake method");
    List<PollResponse> answers = new ArrayList<>();
    sio.handle(
        new PollRequest(
            false,
            Map.of("EIO", List.of("3"), "transport", List.of("polling")),
            Map.of(),
            "127.0.0.1:50002",
            ""),
        answers::add);
    assertThat(answers.get(0).body()).contains("Unsupported protocol version");
  }

  @Test
  void connectEventAcknowledgementAndErrorOverPolling() throws Exception {
    Poller visitor = connectedPoller("v1", Role.VISITOR);
    Poller agent = connectedPoller("c1", Role.COMMERCIAL);

    visitor.post(
        "421[\"chat:message\",{\"to\":\"c1\",\"message\":\"hi\"}]",
        "422[\"chat:message\",{\"to\":\"ghost\",\"message\":\"x\"}]");
    List<String> answers = visitor.poll();
    assertThat(answers)
        .anySatisfy(
            p -> assertThat(p).startsWith("431[{\"ok\":true,\"data\":{").contains("\"id\":"));
    assertThat(answers)
        .anySatisfy(
            p ->
                assertThat(p)
                    .startsWith("432[{\"ok\":false,\"error\":{\"code\":\"USER_NOT_CONNECTED\""));
    assertThat(agent.poll())
        .anySatisfy(
            p -> assertThat(p).startsWith("42[\"chat:message\"").contains("\"message\":\"hi\""));
  }

  @Test
  void aForgedTokenIsAConnectErrorThenAClose() throws Exception {
    Poller intruder = new Poller();
    intruder.post("40{\"token\":\"eyJhbGciOiJIUzI1NiJ9.e30.forged\"}");
    List<String> packets = intruder.poll();
    assertThat(packets).hasSize(1);
    assertThat(packets.get(0)).startsWith("44{\"message\":").contains("UNAUTHORIZED");
    assertThat(intruder.poll())
        .as("the close comes alone, in the next answer")
        .containsExactly("1");
    assertThat(sio.openConnections()).isZero();
    assertThat(realtime.isConnected(UserId.of("intruder"))).isFalse();
  }

  @Test
  void nativeAndSocketIoClientsChat() throws Exception {
    Poller visitor = connectedPoller("v1", Role.VISITOR);
    InMemoryConnection agent = InMemoryConnection.open(realtime.transport());
    agent.receive("{\"type\":\"connect\",\"token\":\"" + token("c1", Role.COMMERCIAL) + "\"}");

    agent.receive(
        "{\"event\":\"chat:message\",\"data\":{\"to\":\"v1\",\"message\":\"from native\"},\"id\":1}");
    assertThat(agent.reply(1).orElseThrow().get("ok").asBoolean()).isTrue();
    assertThat(visitor.poll()).anySatisfy(p -> assertThat(p).contains("from native"));

    visitor.post("427[\"chat:message\",{\"to\":\"c1\",\"message\":\"from socket.io\"}]");
    assertThat(agent.events("chat:message"))
        .anySatisfy(d -> assertThat(d.get("message").asText()).isEqualTo("from socket.io"));
  }

  @Test
  void upgradeMovesTheSessionToTheWebSocket() throws Exception {
    Poller visitor = connectedPoller("v1", Role.VISITOR);
    List<PollResponse> parked = new ArrayList<>();
    sio.handle(
        new PollRequest(
            false,
            Map.of(
                "EIO", List.of("4"), "transport", List.of("polling"), "sid", List.of(visitor.sid)),
            Map.of(),
            "127.0.0.1:50002",
            ""),
        parked::add);
    assertThat(parked).isEmpty();

    Socket ws =
        Socket.open(
            sio,
            Map.of(
                "EIO",
                List.of("4"),
                "transport",
                List.of("websocket"),
                "sid",
                List.of(visitor.sid)));
    ws.receive("2probe");
    assertThat(ws.sent).containsExactly("3probe");
    assertThat(parked).extracting(PollResponse::body).containsExactly("6");
    ws.receive("5");

    ws.receive("423[\"presence:list\",{}]");
    assertThat(ws.sent).anySatisfy(p -> assertThat(p).startsWith("433[{\"ok\":true"));
    assertThat(request(false, visitor.sid, "").status()).isEqualTo(400);

    time.advance(Duration.ofSeconds(25));
    assertThat(ws.sent).contains("2");
    ws.receive("3");
    time.advance(Duration.ofSeconds(40));
    assertThat(ws.closeCode).as("answered its ping").isNull();
  }

  @Test
  void idleSessionsShareOneHeartbeatTimerAndAreStillPingedAndExpired() throws Exception {
    long before = time.pending();
    List<Socket> sockets = new java.util.ArrayList<>();
    for (int i = 0; i < 20; i++) {
      Socket ws = Socket.open(sio, Map.of("EIO", List.of("4"), "transport", List.of("websocket")));
      ws.receive("40{\"token\":\"" + token("v" + i, Role.VISITOR) + "\"}");
      sockets.add(ws);
    }
    // each session keeps its token-expiry timer; the pings of all twenty are one sweep
    assertThat(time.pending() - before).isLessThanOrEqualTo(20 + 1);

    time.advance(Duration.ofSeconds(25));
    assertThat(sockets).allSatisfy(ws -> assertThat(ws.sent).contains("2"));
    sockets.subList(0, 10).forEach(ws -> ws.receive("3"));
    time.advance(Duration.ofSeconds(35));
    assertThat(sockets.subList(0, 10)).allSatisfy(ws -> assertThat(ws.closeCode).isNull());
    assertThat(sockets.subList(10, 20)).allSatisfy(ws -> assertThat(ws.closeCode).isEqualTo(1001));
    assertThat(sio.openConnections()).isEqualTo(10);
  }

  @Test
  void webSocketOnlyClientsGetTheOpenPacketFirst() throws Exception {
    Socket ws = Socket.open(sio, Map.of("EIO", List.of("4"), "transport", List.of("websocket")));
    assertThat(ws.sent.get(0)).startsWith("0{").contains("\"upgrades\":[]");
    ws.receive("40{\"token\":\"" + token("v1", Role.VISITOR) + "\"}");
    assertThat(ws.sent.get(1)).startsWith("40{\"sid\":");
    assertThat(realtime.isConnected(UserId.of("v1"))).isTrue();

    ws.receive("451-1[\"upload\",{\"_placeholder\":true,\"num\":0}]");
    ws.handler.onBinary(10);
    assertThat(ws.sent.get(2))
        .startsWith("431[{\"ok\":false,\"error\":{\"code\":\"INVALID_ARGUMENT\"")
        .contains("binary");
    assertThat(ws.closeCode).isNull();

    realtime.kick(A, UserId.of("v1"), "bye");
    assertThat(ws.sent).contains("41");
    assertThat(ws.closeCode).isEqualTo(1008);
    assertThat(sio.openConnections()).isZero();
  }

  @Test
  void aClientThatStopsPollingExpires() throws Exception {
    connectedPoller("v1", Role.VISITOR);
    time.advance(Duration.ofSeconds(25)); // ping buffered, never polled
    time.advance(Duration.ofSeconds(35)); // no pong: closed
    time.advance(Duration.ofSeconds(25)); // the close packet waited a ping interval
    assertThat(sio.openConnections()).isZero();
    time.advance(Duration.ofSeconds(4));
    assertThat(realtime.isConnected(UserId.of("v1"))).isFalse();
  }

  @Test
  void aSlowPollerIsClosedWhenItsQueueOverflows() throws Exception {
    Poller visitor = connectedPoller("v1", Role.VISITOR);
    String big = "x".repeat(8_000);
    for (int i = 0; i < 40; i++) {
      realtime.notifyUser(A, UserId.of("v1"), "news", Map.of("text", big));
    }
    List<String> packets = visitor.poll();
    assertThat(packets).allSatisfy(p -> assertThat(p).startsWith("42[\"news\""));
    assertThat(visitor.poll()).containsExactly("1");
    assertThat(sio.openConnections()).isZero();
  }

  @Test
  void pingsPostedWithoutPollingStayWithinTheBoundThenTheSessionEnds() throws Exception {
    Poller p = connectedPoller("v1", Role.VISITOR);
    String ping = "2" + "p".repeat(10_000);
    int accepted = 0;
    while (sio.openConnections() > 0 && accepted < 100) {
      p.post(ping);
      accepted++;
      assertThat(sio.bufferedBytes()).isLessThanOrEqualTo(64 * 1024);
    }

    assertThat(accepted).as("pongs within 64 KiB, then the close").isEqualTo(7);
    assertThat(request(false, p.sid, "").body()).contains("Session ID unknown");
    assertThat(request(true, p.sid, ping).body()).contains("Session ID unknown");
    assertThat(sio.bufferedBytes()).isZero();
  }

  @Test
  void pingsOnAWebSocketThatDoesNotReadStayWithinTheBoundThenClose4429() {
    Socket ws = Socket.open(sio, Map.of("EIO", List.of("4"), "transport", List.of("websocket")));
    ws.receive("40{\"token\":\"" + token("v1", Role.VISITOR) + "\"}");
    ws.stalled = true; // writes from now on never complete: the client does not read
    String ping = "2" + "p".repeat(10_000);
    int pings = 0;
    while (ws.closeCode == null && pings < 100) {
      ws.receive(ping);
      pings++;
      assertThat(sio.bufferedBytes()).isLessThanOrEqualTo(64 * 1024);
    }

    assertThat(ws.closeCode).isEqualTo(4429);
    assertThat(pings).isEqualTo(7);
    assertThat(sio.openConnections()).isZero();
  }

  @Test
  void closingTheRealtimeEndsEverySession() throws Exception {
    Poller p = connectedPoller("v1", Role.VISITOR);
    Socket ws = Socket.open(sio, Map.of("EIO", List.of("4"), "transport", List.of("websocket")));
    realtime.close();
    assertThat(ws.closeCode).isEqualTo(1001);
    assertThat(p.poll()).containsExactly("1");
    assertThat(sio.openConnections()).isZero();
  }

  // ---- connection state recovery ---------------------------------------------------------------

  static final Map<String, List<String>> WS_ONLY =
      Map.of("EIO", List.of("4"), "transport", List.of("websocket"));

  Socket connectedSocket(String user, Role role, String recovery) {
    Socket ws = Socket.open(sio, WS_ONLY);
    ws.receive("40{\"token\":\"" + token(user, role) + "\"" + recovery + "}");
    return ws;
  }

  /** The CONNECT answer of {@code ws}: {@code {sid, pid}}. */
  static JsonNode connectAnswer(Socket ws) throws Exception {
    String packet = ws.sent.stream().filter(p -> p.startsWith("40")).findFirst().orElseThrow();
    return JSON.readTree(packet.substring(2));
  }

  /** The chat messages {@code ws} received, each as its EVENT arguments. */
  static List<JsonNode> chatMessages(Socket ws) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String p : ws.sent) {
      if (p.startsWith("42[\"chat:message\"")) {
        out.add(JSON.readTree(p.substring(2)));
      }
    }
    return out;
  }

  @Test
  void aReconnectWithItsPidAndOffsetGetsTheMissedEventsBeforeTheSameSidAndPid() throws Exception {
    Socket agent = connectedSocket("c1", Role.COMMERCIAL, "");
    Socket first = connectedSocket("v1", Role.VISITOR, "");
    JsonNode ids = connectAnswer(first);
    assertThat(ids.get("pid").asText()).isNotBlank().isNotEqualTo(ids.get("sid").asText());
    agent.receive("421[\"chat:message\",{\"to\":\"v1\",\"message\":\"one\"}]");
    JsonNode one = chatMessages(first).get(0);
    assertThat(one).hasSize(3); // name, data, offset text
    String offset = one.get(2).asText();

    first.close(1006, "network gone");
    agent.receive("422[\"chat:message\",{\"to\":\"v1\",\"message\":\"two\"}]");
    agent.receive("423[\"chat:message\",{\"to\":\"v1\",\"message\":\"three\"}]");
    assertThat(agent.sent)
        .anySatisfy(p -> assertThat(p).startsWith("433[{\"ok\":true").contains("\"pending\":true"));

    Socket again =
        connectedSocket(
            "v1",
            Role.VISITOR,
            ",\"pid\":\"" + ids.get("pid").asText() + "\",\"offset\":\"" + offset + "\"");
    List<String> after = again.sent.subList(1, again.sent.size());
    assertThat(after).hasSize(3);
    assertThat(after.get(0)).startsWith("42[\"chat:message\"").contains("\"two\"");
    assertThat(after.get(1)).startsWith("42[\"chat:message\"").contains("\"three\"");
    assertThat(connectAnswer(again))
        .isEqualTo(ids); // the same sid and pid: the client says recovered
    List<JsonNode> replayed = chatMessages(again);
    long base = Long.parseLong(offset.substring(0, offset.indexOf('.')));
    assertThat(replayed.get(0).get(2).asText()).startsWith((base + 1) + ".");
    assertThat(replayed.get(1).get(2).asText()).startsWith((base + 2) + ".");

    // without an offset (nothing received since the pid was given): everything after the pid's
    // start
    again.close(1006, "gone again");
    Socket fromStart =
        connectedSocket("v1", Role.VISITOR, ",\"pid\":\"" + ids.get("pid").asText() + "\"");
    assertThat(chatMessages(fromStart))
        .extracting(a -> a.get(1).get("message").asText())
        .containsExactly("one", "two", "three");
    assertThat(connectAnswer(fromStart)).isEqualTo(ids);
  }

  @Test
  void anotherUsersOrAMadeUpPidIsANormalConnectThatReadsNothingOfAnyoneElse() throws Exception {
    Socket agent = connectedSocket("c1", Role.COMMERCIAL, "");
    Socket victim = connectedSocket("v1", Role.VISITOR, "");
    JsonNode victimIds = connectAnswer(victim);
    agent.receive("421[\"chat:message\",{\"to\":\"v1\",\"message\":\"private\"}]");
    victim.close(1006, "away");
    agent.receive("422[\"chat:message\",{\"to\":\"v1\",\"message\":\"secret\"}]");

    String pid = victimIds.get("pid").asText();
    String sid = victimIds.get("sid").asText();
    for (String recovery :
        List.of(
            ",\"pid\":\"" + pid + "\",\"offset\":\"0.AAAAAA\"",
            ",\"pid\":\"" + pid + "\"",
            ",\"pid\":\"" + sid + ".0.AAAAAAAAAAAAAAAAAAAAAA\"",
            ",\"pid\":\"garbage\",\"offset\":\"nonsense\"",
            ",\"pid\":42,\"offset\":{}")) {
      Socket intruder = connectedSocket("v2", Role.VISITOR, recovery);
      JsonNode ids = connectAnswer(intruder);
      assertThat(ids.get("sid").asText()).as(recovery).isNotEqualTo(sid);
      assertThat(ids.get("pid").asText()).as(recovery).isNotEqualTo(pid);
      assertThat(chatMessages(intruder)).as(recovery).isEmpty();
      intruder.close(1000, "done");
    }
  }

  @Test
  void anUnreadableOffsetWithAValidPidRecoversNothing() throws Exception {
    Socket agent = connectedSocket("c1", Role.COMMERCIAL, "");
    Socket first = connectedSocket("v1", Role.VISITOR, "");
    JsonNode ids = connectAnswer(first);
    first.close(1006, "away");
    agent.receive("421[\"chat:message\",{\"to\":\"v1\",\"message\":\"kept\"}]");
    Socket again =
        connectedSocket(
            "v1", Role.VISITOR, ",\"pid\":\"" + ids.get("pid").asText() + "\",\"offset\":\"-3.x\"");
    assertThat(chatMessages(again)).isEmpty();
    assertThat(connectAnswer(again).get("pid").asText()).isNotEqualTo(ids.get("pid").asText());
  }

  @Test
  void aHistoryTrimmedPastThePositionIsANormalConnect() throws Exception {
    realtime.close();
    realtime =
        Realtime.builder()
            .tokenVerifier(JwtTokenVerifier.hmac(SECRET).clock(time).build())
            .scheduler(time)
            .clock(time)
            .streamMaxEvents(2)
            .build()
            .start();
    sio = realtime.socketIoTransport();
    Socket agent = connectedSocket("c1", Role.COMMERCIAL, "");
    Socket first = connectedSocket("v1", Role.VISITOR, "");
    JsonNode ids = connectAnswer(first);
    first.close(1006, "away");
    for (int i = 1; i <= 3; i++) {
      agent.receive("42" + i + "[\"chat:message\",{\"to\":\"v1\",\"message\":\"m" + i + "\"}]");
    }
    Socket again =
        connectedSocket("v1", Role.VISITOR, ",\"pid\":\"" + ids.get("pid").asText() + "\"");
    assertThat(chatMessages(again)).as("m1 was trimmed: nothing, never a gap").isEmpty();
    assertThat(connectAnswer(again).get("pid").asText()).isNotEqualTo(ids.get("pid").asText());
    assertThat(connectAnswer(again).get("sid").asText()).isNotEqualTo(ids.get("sid").asText());
  }
}
