package io.realtimekit.testkit;

import io.realtimekit.Realtime;
import io.realtimekit.RealtimeBuilder;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Role;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;

/**
 * What every part of {@link RealtimeTransportConformance} shares: the container hook ({@link
 * #start}), the servers a test starts (closed after each test), clients, the two tenants and the
 * bounds of waits.
 */
abstract class TransportConformanceFixture {
  /** Bound of waits for something that must happen. */
  protected static final Duration WAIT = Duration.ofSeconds(5);

  /** How long a negative check watches for something that must not happen. */
  protected static final Duration QUIET = Duration.ofMillis(700);

  /** Visitors and commercials of the main company. */
  protected final CompanyId acme = CompanyId.of(UUID.randomUUID());

  /** Another tenant, which must see nothing of {@link #acme}. */
  protected final CompanyId globex = CompanyId.of(UUID.randomUUID());

  private final List<TestServer> servers = new ArrayList<>();
  TestServer server;

  /**
   * Mounts {@code realtime} (already started) on the container under test, listening on a free
   * loopback port, and returns it. Closing the result must stop the server gracefully (sockets get
   * 1001) and leave the {@code Realtime} alone.
   */
  protected abstract RunningServer start(Realtime realtime) throws Exception;

  /** The server of this test, started with default settings on first use. */
  protected TestServer server() throws Exception {
    if (server == null) {
      server(b -> {});
    }
    return server;
  }

  /** Starts this test's server with settings of its own. */
  protected TestServer server(Consumer<RealtimeBuilder> customizer) throws Exception {
    server = TestServer.start(this::start, customizer);
    servers.add(server);
    return server;
  }

  /**
   * A client authenticated by first frame. Strict on purpose: a socket must receive what is sent to
   * its user as soon as it has {@code connected}.
   */
  protected RealtimeTestClient client(String userId, CompanyId company, Role... roles)
      throws Exception {
    return server().connect(userId, company, AuthMode.FIRST_FRAME, roles);
  }

  @AfterEach
  void closeEverything() throws Exception {
    Exception failure = null;
    for (TestServer s : servers) {
      try {
        s.close();
      } catch (Exception e) {
        failure = failure == null ? e : failure;
      }
    }
    servers.clear();
    if (failure != null) {
      throw failure;
    }
  }
}
