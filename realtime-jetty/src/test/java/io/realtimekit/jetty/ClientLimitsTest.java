package io.realtimekit.jetty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.realtimekit.ClientLimits;
import io.realtimekit.RealtimeBuilder;
import io.realtimekit.application.clientevent.RoleGuard;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import io.realtimekit.testkit.AuthMode;
import io.realtimekit.testkit.RealtimeTestClient;
import io.realtimekit.testkit.Reply;
import io.realtimekit.testkit.RunningServer;
import io.realtimekit.testkit.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Limits that hold per user and per address, over real WebSockets: a user reconnecting in a loop
 * gets no more events through than one socket would, and connection caps close the extra sockets
 * with 4429.
 */
@Timeout(120)
class ClientLimitsTest {
  static final Duration WAIT = Duration.ofSeconds(10);
  final CompanyId company = CompanyId.of(UUID.randomUUID());
  TestServer server;

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  private void start(Consumer<RealtimeBuilder> customizer) throws Exception {
    server =
        TestServer.start(
            realtime -> {
              RealtimeServer s = RealtimeJetty.builder(realtime).host("127.0.0.1").port(0).start();
              return RunningServer.of(s.uri(), s);
            },
            customizer);
    server.realtime().on("test:echo", RoleGuard.anyone(), ctx -> ctx.reply(Map.of("ok", true)));
  }

  private String token(String user) {
    return server
        .tokens()
        .token(UserId.of(user), company, Set.of(Role.VISITOR), Duration.ofHours(1));
  }

  @Test
  void aUserReconnectingInALoopGetsNoMoreEventsThanItsOwnBudget() throws Exception {
    int rate = 20;
    int burst = 40;
    start(
        b ->
            b.clientLimits(
                ClientLimits.defaults().withConnectsPerUser(0, 0).withEventsPerUser(rate, burst)));
    long started = System.nanoTime();
    int accepted = 0;
    int refused = 0;
    for (int round = 0; round < 10; round++) {
      try (RealtimeTestClient c =
          RealtimeTestClient.connect(server.uri(), token("looper"), AuthMode.FIRST_FRAME)) {
        List<CompletableFuture<Reply>> replies = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
          replies.add(c.emit("test:echo", Map.of("i", i)));
        }
        for (CompletableFuture<Reply> r : replies) {
          Reply reply = r.get(10, TimeUnit.SECONDS);
          if (reply.ok()) {
            accepted++;
          } else {
            assertThat(reply.errorCode()).isEqualTo("RATE_LIMITED");
            refused++;
          }
        }
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    // each fresh socket brings its own bucket of 100 (the old hole: 10 sockets, 600 events
    // accepted);
    // the user's budget holds over all of them
    assertThat(accepted).isLessThanOrEqualTo((int) (burst + rate * seconds) + 1);
    assertThat(refused).isPositive();
  }

  @Test
  void aUserOpeningSocketsTooFastIsClosed4429ConnectingTooFast() throws Exception {
    start(b -> b.clientLimits(ClientLimits.defaults().withConnectsPerUser(1, 2)));
    long started = System.nanoTime();
    List<RealtimeTestClient> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < 8; i++) {
        RealtimeTestClient c = RealtimeTestClient.open(server.uri());
        c.authenticate(token("eager"));
        sockets.add(c);
      }
      int admitted = 0;
      int refused = 0;
      for (RealtimeTestClient c : sockets) {
        await().atMost(WAIT).until(() -> !c.frames().isEmpty());
        if (c.frames().get(0).contains("\"connected\"")) {
          admitted++;
        } else {
          assertThat(c.frames().get(0)).contains("RATE_LIMITED").contains("connecting too fast");
          assertThat(c.awaitClose(WAIT)).isEqualTo(4429);
          refused++;
        }
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      assertThat(admitted).isLessThanOrEqualTo(2 + (int) seconds + 1);
      assertThat(refused).isEqualTo(8 - admitted).isPositive();
    } finally {
      sockets.forEach(RealtimeTestClient::close);
    }
  }

  @Test
  void aUserOverItsSocketCapIsClosed4429AndMayConnectAgainOnceOneCloses() throws Exception {
    start(
        b ->
            b.clientLimits(
                ClientLimits.defaults().withConnectionsPerUser(3).withConnectsPerUser(0, 0)));
    List<RealtimeTestClient> tabs = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        tabs.add(RealtimeTestClient.connect(server.uri(), token("tabs"), AuthMode.FIRST_FRAME));
      }
      try (RealtimeTestClient fourth = RealtimeTestClient.open(server.uri())) {
        fourth.authenticate(token("tabs"));
        assertThat(fourth.awaitClose(WAIT)).isEqualTo(4429);
        assertThat(fourth.frames().get(0)).contains("too many connections");
      }
      // another user is not affected
      RealtimeTestClient.connect(server.uri(), token("someone-else"), AuthMode.FIRST_FRAME).close();

      tabs.remove(0).close();
      await()
          .atMost(WAIT)
          .until(
              () ->
                  server.realtime().connectedUsers(company, java.util.Optional.empty()).stream()
                      .filter(u -> u.userId().value().equals("tabs"))
                      .allMatch(u -> u.connections().size() == 2));
      tabs.add(RealtimeTestClient.connect(server.uri(), token("tabs"), AuthMode.FIRST_FRAME));
      assertThat(tabs).hasSize(3);
    } finally {
      tabs.forEach(RealtimeTestClient::close);
    }
  }

  @Test
  void anAddressOverItsSocketCapIsRefusedBeforeAuthentication() throws Exception {
    start(b -> b.clientLimits(ClientLimits.none().withConnectionsPerAddress(2)));
    try (RealtimeTestClient a =
            RealtimeTestClient.connect(server.uri(), token("a"), AuthMode.FIRST_FRAME);
        RealtimeTestClient b =
            RealtimeTestClient.connect(server.uri(), token("b"), AuthMode.FIRST_FRAME);
        RealtimeTestClient c = RealtimeTestClient.open(server.uri())) {
      assertThat(c.awaitClose(WAIT)).isEqualTo(4429);
      assertThat(c.frames().get(0)).contains("RATE_LIMITED").contains("too many connections");
      assertThat(a.request("test:echo", Map.of()).ok()).isTrue();
    }
  }
}
