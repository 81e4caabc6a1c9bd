package io.realtimekit.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.realtimekit.Realtime;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Role;
import io.realtimekit.jetty.RealtimeJetty;
import io.realtimekit.jetty.RealtimeServer;
import io.realtimekit.testkit.AuthMode;
import io.realtimekit.testkit.RealtimeTestClient;
import io.realtimekit.testkit.Reply;
import io.realtimekit.testkit.TestTokens;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Micrometer binding records what real sockets do. */
@Timeout(60)
class MicrometerRealtimeMetricsTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private final TestTokens tokens = new TestTokens();
  private final CompanyId company = CompanyId.of(UUID.randomUUID());
  private final MeterRegistry registry = new SimpleMeterRegistry();
  private Realtime realtime;
  private RealtimeServer server;

  @BeforeEach
  void start() throws Exception {
    MicrometerRealtimeMetrics metrics = new MicrometerRealtimeMetrics(registry);
    realtime = Realtime.builder().tokenVerifier(tokens.verifier()).metrics(metrics).build().start();
    metrics.bindConnections(realtime);
    server = RealtimeJetty.builder(realtime).host("127.0.0.1").port(0).start();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    realtime.close();
  }

  @Test
  void connectsRefusalsEventsErrorsAndDeliveriesAreRecorded() throws Exception {
    try (RealtimeTestClient agent =
            RealtimeTestClient.connect(
                server.uri(), tokens.token("c1", company, Role.COMMERCIAL), AuthMode.FIRST_FRAME);
        RealtimeTestClient visitor =
            RealtimeTestClient.connect(
                server.uri(), tokens.token("v1", company, Role.VISITOR), AuthMode.HEADER)) {
      agent.await("visitor:connected", WAIT);
      assertThat(gauge("realtime.connections.open")).isEqualTo(2);

      Reply ok = visitor.request("chat:message", Map.of("to", "c1", "message", "hello"));
      assertThat(ok.ok()).as(ok.toString()).isTrue();
      agent.await("chat:message", WAIT);
      Reply missing = visitor.request("chat:message", Map.of("to", "nobody", "message", "hello"));
      assertThat(missing.ok()).isFalse();

      try (RealtimeTestClient intruder = RealtimeTestClient.open(server.uri())) {
        intruder.authenticate(tokens.forged("x", company, Role.VISITOR));
        assertThat(intruder.awaitClose(WAIT)).isEqualTo(4401);
      }

      assertThat(count("realtime.sockets.opened")).isEqualTo(3);
      assertThat(count("realtime.connects")).isEqualTo(2);
      assertThat(registry.get("realtime.refusals").tag("reason", "unauthorized").counter().count())
          .isEqualTo(1);
      assertThat(registry.get("realtime.events.in").tag("event", "chat:message").counter().count())
          .isEqualTo(2);
      assertThat(registry.get("realtime.events.out").tag("event", "chat:message").counter().count())
          .isEqualTo(1);
      assertThat(
              registry
                  .get("realtime.events.out")
                  .tag("event", "visitor:connected")
                  .counter()
                  .count())
          .isEqualTo(1);
      assertThat(
              registry.get("realtime.errors").tag("code", "USER_NOT_CONNECTED").counter().count())
          .isEqualTo(1);
      assertThat(registry.get("realtime.delivery").timer().count()).isEqualTo(1);
      await()
          .atMost(WAIT)
          .until(
              () -> registry.find("realtime.sockets.closed").tag("code", "4401").counter() != null);
    }
    await().atMost(WAIT).until(() -> gauge("realtime.connections.open") == 0);
  }

  @Test
  void eventNamesChosenByClientsAreCappedSoTheRegistryStaysBounded() throws Exception {
    MicrometerRealtimeMetrics metrics = new MicrometerRealtimeMetrics(new SimpleMeterRegistry());
    IntStream.range(0, MicrometerRealtimeMetrics.MAX_TAG_VALUES + 50)
        .forEach(i -> metrics.eventIn("e" + i));
    assertThat(metrics.registry().find("realtime.events.in").counters())
        .hasSize(MicrometerRealtimeMetrics.MAX_TAG_VALUES + 1);
    assertThat(metrics.registry().get("realtime.events.in").tag("event", "other").counter().count())
        .isEqualTo(50);
  }

  private double count(String name) {
    return registry.get(name).counter().count();
  }

  private double gauge(String name) {
    return registry.get(name).gauge().value();
  }
}
