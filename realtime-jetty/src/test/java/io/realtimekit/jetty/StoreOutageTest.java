package io.realtimekit.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.realtimekit.Realtime;
import io.realtimekit.application.port.HealthCheck;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.ConnectionRepository;
import io.realtimekit.domain.ConnectionUser;
import io.realtimekit.domain.Criteria;
import io.realtimekit.domain.RepositoryUnavailableException;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import io.realtimekit.infrastructure.memory.InMemoryConnectionRepository;
import io.realtimekit.testkit.AuthMode;
import io.realtimekit.testkit.RealtimeTestClient;
import io.realtimekit.testkit.TestTokens;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A repository that cannot reach its store: connects are refused at once with UNAVAILABLE and 1013
 * (try again later), {@code /health} says which check is down, and the node recovers without a
 * restart when the store returns.
 */
@Timeout(60)
class StoreOutageTest {
  static final Duration WAIT = Duration.ofSeconds(10);
  static final ObjectMapper JSON = new ObjectMapper();
  final TestTokens tokens = new TestTokens();
  final CompanyId company = CompanyId.of(UUID.randomUUID());
  final SwitchableRepository repository = new SwitchableRepository();
  Realtime realtime;
  RealtimeServer server;

  @BeforeEach
  void start() throws Exception {
    realtime =
        Realtime.builder().tokenVerifier(tokens.verifier()).repository(repository).build().start();
    server = RealtimeJetty.builder(realtime).host("127.0.0.1").port(0).start();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    realtime.close();
  }

  @Test
  void anOutageRefusesConnectsWith1013AndHealthSaysSoUntilTheStoreReturns() throws Exception {
    try (RealtimeTestClient before = connect("before")) {
      assertThat(health().path("status").asText()).isEqualTo("UP");
      assertThat(health().path("checks").path("repository").path("status").asText())
          .isEqualTo("UP");

      repository.down = true;
      try (RealtimeTestClient refused = RealtimeTestClient.open(server.uri())) {
        refused.authenticate(token("during"));
        assertThat(refused.awaitClose(WAIT)).isEqualTo(1013);
        JsonNode frame = JSON.readTree(refused.frames().get(0));
        assertThat(frame.path("data").path("code").asText()).isEqualTo("UNAVAILABLE");
      }
      JsonNode down = health();
      assertThat(down.path("status").asText()).isEqualTo("DOWN");
      assertThat(down.path("checks").path("repository").path("detail").asText())
          .isEqualTo("store unreachable");

      repository.down = false;
      assertThat(health().path("status").asText()).isEqualTo("UP");
      try (RealtimeTestClient after = connect("after")) {
        assertThat(after.connectedData().path("userId").asText()).isEqualTo("after");
      }
    }
  }

  private RealtimeTestClient connect(String user) throws Exception {
    return RealtimeTestClient.connect(server.uri(), token(user), AuthMode.FIRST_FRAME);
  }

  private String token(String user) {
    return tokens.token(UserId.of(user), company, Set.of(Role.VISITOR), Duration.ofHours(1));
  }

  private JsonNode health() throws Exception {
    HttpURLConnection conn =
        (HttpURLConnection) server.httpUri().resolve("/health").toURL().openConnection();
    conn.setConnectTimeout(5000);
    conn.setReadTimeout(5000);
    try {
      int status = conn.getResponseCode();
      try (InputStream in = status < 400 ? conn.getInputStream() : conn.getErrorStream()) {
        JsonNode body = JSON.readTree(in);
        assertThat(status).isEqualTo(body.path("status").asText().equals("UP") ? 200 : 503);
        return body;
      }
    } finally {
      conn.disconnect();
    }
  }

  /** An in-memory repository that can be made unreachable, as a database behind a cut network. */
  static final class SwitchableRepository implements ConnectionRepository, HealthCheck {
    private final InMemoryConnectionRepository store = new InMemoryConnectionRepository();
    volatile boolean down;

    private void reach() {
      if (down) {
        throw new RepositoryUnavailableException("store unreachable", null);
      }
    }

    @Override
    public void save(ConnectionUser user) {
      reach();
      store.save(user);
    }

    @Override
    public void remove(UserId userId) {
      reach();
      store.remove(userId);
    }

    @Override
    public Optional<ConnectionUser> findOne(Criteria criteria) {
      reach();
      return store.findOne(criteria);
    }

    @Override
    public List<ConnectionUser> find(Criteria criteria) {
      reach();
      return store.find(criteria);
    }

    @Override
    public Status check() {
      return down ? Status.down("store unreachable") : Status.ok();
    }
  }
}
