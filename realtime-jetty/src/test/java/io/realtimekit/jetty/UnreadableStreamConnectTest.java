package io.realtimekit.jetty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.realtimekit.Realtime;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.ConnectionUser;
import io.realtimekit.domain.Criteria;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import io.realtimekit.infrastructure.memory.InMemoryConnectionRepository;
import io.realtimekit.infrastructure.memory.InMemoryUserEventStreams;
import io.realtimekit.testing.SwitchableUserEventStreams;
import io.realtimekit.testkit.AuthMode;
import io.realtimekit.testkit.RealtimeTestClient;
import io.realtimekit.testkit.TestTokens;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * With recovery on, a socket opens only with a stream position its client can recover from: when
 * the user's stream cannot be read (the stream store is down while the connection repository
 * answers), the connect is refused with {@code UNAVAILABLE} and 1013 and the user is not left
 * connected; once the store answers, the same client connects with a position. Before, the socket
 * opened with {@code recovered:false} and no epoch, so whatever its client missed before its next
 * socket was lost for good (seen in the soak as acknowledged messages never received).
 */
@Timeout(60)
class UnreadableStreamConnectTest {
  static final Duration WAIT = Duration.ofSeconds(10);
  static final ObjectMapper JSON = new ObjectMapper();
  final TestTokens tokens = new TestTokens();
  final CompanyId company = CompanyId.of(UUID.randomUUID());
  final InMemoryConnectionRepository repository = new InMemoryConnectionRepository();
  volatile SwitchableUserEventStreams streams;
  Realtime realtime;
  RealtimeServer server;

  @BeforeEach
  void start() throws Exception {
    realtime =
        Realtime.builder()
            .tokenVerifier(tokens.verifier())
            .repository(repository)
            .gracePeriod(Duration.ZERO)
            .userEventStreams(
                limits ->
                    streams =
                        new SwitchableUserEventStreams(
                            new InMemoryUserEventStreams(limits, Clock.systemUTC())))
            .build()
            .start();
    server = RealtimeJetty.builder(realtime).host("127.0.0.1").port(0).start();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    realtime.close();
  }

  @Test
  void anUnreadableStreamRefusesTheConnectWith1013AndLeavesNoConnectedUser() throws Exception {
    streams.down(true);
    try (RealtimeTestClient refused = RealtimeTestClient.open(server.uri())) {
      refused.authenticate(token("v-1"));
      assertThat(refused.awaitClose(WAIT)).isEqualTo(1013);
      JsonNode frame = JSON.readTree(refused.frames().get(0));
      assertThat(frame.path("data").path("code").asText()).isEqualTo("UNAVAILABLE");
      assertThat(refused.eventNames()).doesNotContain("connected");
    }
    await()
        .atMost(WAIT)
        .until(
            () ->
                repository
                        .findOne(Criteria.byUserId(UserId.of("v-1")))
                        .map(ConnectionUser::isConnected)
                        .orElse(false)
                    == false);

    streams.down(false);
    try (RealtimeTestClient ok =
        RealtimeTestClient.connect(server.uri(), token("v-1"), AuthMode.FIRST_FRAME)) {
      assertThat(ok.connectedData().path("epoch").asText()).isNotEmpty();
      assertThat(ok.epoch()).isNotNull();
    }
  }

  private String token(String user) {
    return tokens.token(UserId.of(user), company, Set.of(Role.VISITOR), Duration.ofHours(1));
  }
}
