package io.realtimekit.bench.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.realtimekit.bench.load.NioWsClient;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import io.realtimekit.infrastructure.auth.HmacTokenIssuer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load generator in Socket.IO framing against two of the three servers of the three-way run,
 * each in its own process as the bench starts it: the Node Socket.IO 4.8 peer ({@code npm ci} first
 * when its {@code node_modules} is missing) and the baseline's Socket.IO-framed mode. Each gets a
 * handshake with a JWT, {@code visitor:connected} to the commercial, one acknowledged chat message
 * delivered, a message to a user not connected refused, and a forged token refused.
 */
class SocketIoServersTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path out;

  private final String secret =
      HexFormat.of().formatHex(UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII));
  private final HmacTokenIssuer issuer =
      new HmacTokenIssuer(secret.getBytes(StandardCharsets.US_ASCII));
  private final AtomicLong failed = new AtomicLong();
  private NioWsClient client;
  private ServerProcess server;

  @BeforeEach
  void client() {
    client = new NioWsClient(1);
  }

  @AfterEach
  void stop() {
    client.close();
    if (server != null) {
      server.close();
    }
  }

  private Options options() {
    return new Options(new String[] {"--out=" + out, "--peer-dir=socketio-peer"});
  }

  @Test
  void nodePeerDoesTheHandshakeAndAcksAChatMessage() throws Exception {
    server = ShippedServers.peer(secret, options(), "test");
    exchange();
  }

  @Test
  void baselineInSocketIoFramingDoesTheSameExchange() throws Exception {
    server =
        ServerProcess.start(
            "baseline",
            secret.getBytes(StandardCharsets.US_ASCII),
            options(),
            "test",
            List.of("--socketio"));
    exchange();
  }

  private Peer peer(String user, CompanyId company, Role role) {
    return new Peer(
        user,
        issuer.issue(UserId.of(user), company, Set.of(role), Duration.ofMinutes(5)),
        Protocol.SOCKETIO,
        failed);
  }

  private void exchange() throws Exception {
    CompanyId company = CompanyId.of(UUID.randomUUID());
    Peer commercial = peer("b1", company, Role.COMMERCIAL);
    Peer visitor = peer("a1", company, Role.VISITOR);
    visitor.pairWith(commercial);
    commercial.pairWith(visitor);
    AtomicInteger visitorConnected = new AtomicInteger();
    commercial.onOther = visitorConnected::incrementAndGet;
    CompletableFuture<Long> received = new CompletableFuture<>();
    commercial.onChat = received::complete;

    Fleet.connectAll(client, server.ws(), List.of(commercial), 4);
    Fleet.connectAll(client, server.ws(), List.of(visitor), 4);
    await().atMost(WAIT).untilAsserted(() -> assertThat(visitorConnected).hasValue(1));

    visitor.sendChat(123_456_789L);
    assertThat(received.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(123_456_789L);
    await().atMost(WAIT).untilAsserted(() -> assertThat(visitor.okReplies.sum()).isEqualTo(1));
    assertThat(failed).hasValue(0);

    // the same to a user who is not connected: refused with an ack, nothing delivered
    Peer ghost = peer("ghost", company, Role.COMMERCIAL);
    Peer lonely = peer("a2", company, Role.VISITOR);
    lonely.pairWith(ghost);
    Fleet.connectAll(client, server.ws(), List.of(lonely), 4);
    lonely.sendChat(1);
    await().atMost(WAIT).untilAsserted(() -> assertThat(failed).hasValue(1));
    assertThat(lonely.okReplies.sum()).isZero();

    // a token signed with another secret
    HmacTokenIssuer forger =
        new HmacTokenIssuer(("x" + secret).getBytes(StandardCharsets.US_ASCII));
    Peer forged =
        new Peer(
            "f1",
            forger.issue(UserId.of("f1"), company, Set.of(Role.VISITOR), Duration.ofMinutes(5)),
            Protocol.SOCKETIO,
            failed);
    assertThatThrownBy(() -> Fleet.connectAll(client, server.ws(), List.of(forged), 4))
        .isInstanceOf(ExecutionException.class)
        .hasMessageContaining("refused");
  }
}
