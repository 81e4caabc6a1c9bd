package io.realtimekit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.realtimekit.Realtime;
import io.realtimekit.application.clientevent.RoleGuard;
import io.realtimekit.application.notification.NotificationReceipt;
import io.realtimekit.domain.ErrorCode;
import io.realtimekit.domain.Result;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The transport conformance suite: the native protocol end to end through real WebSockets on a
 * loopback port. A container adapter extends it and says how to mount a {@link Realtime}:
 *
 * <pre>{@code
 * class MyContainerConformanceTest extends RealtimeTransportConformance {
 *   @Override
 *   protected RunningServer start(Realtime realtime) throws Exception {
 *     MyServer s = MyServer.mount(realtime, "127.0.0.1", 0);
 *     return RunningServer.of(URI.create("ws://127.0.0.1:" + s.port() + "/realtime"), s::stop);
 *   }
 * }
 * }</pre>
 *
 * <p>Each test starts its own {@link Realtime} and server (some with their own settings) and closes
 * every client and server afterwards. Every wait is bounded.
 *
 * <p>Its tests about bad input, frame sizes, back-pressure and liveness are declared here; those
 * about authentication, presence and chat are inherited from a package-private part, and the shared
 * set-up ({@link #start}, {@link #server()}, {@link #client}) from the fixture.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class RealtimeTransportConformance extends TransportConformanceSessions {

  // ---- bad input ------------------------------------------------------------------------------

  @Test
  void malformedJsonGivesAnErrorAndTheConnectionStaysOpen() throws Exception {
    RealtimeTestClient agent = client("agent", acme, Role.COMMERCIAL);

    agent.send("{this is not json");

    JsonNode error = agent.await("error", WAIT);
    assertThat(error.path("code").asText()).isNotBlank();
    assertThat(agent.isOpen()).isTrue();
    Reply after = agent.request("chat:message", Map.of("to", "ghost", "message", "hi"));
    assertThat(after.errorCode()).isEqualTo("USER_NOT_CONNECTED");
  }

  @Test
  void aFrameOverTheLimitClosesThatConnectionWith1009Only() throws Exception {
    RealtimeTestClient agent = client("agent", acme, Role.COMMERCIAL);
    RealtimeTestClient visitor = client("visitor", acme, Role.VISITOR);
    RealtimeTestClient bystander = client("bystander", acme, Role.VISITOR);

    String big =
        "{\"event\":\"chat:message\",\"data\":{\"to\":\"agent\",\"message\":\""
            + "y".repeat(100 * 1024)
            + "\"}}";
    try {
      visitor.send(big);
    } catch (UncheckedIOException closedWhileSending) {
      // the server may close before the whole frame is written
    }

    assertThat(visitor.awaitClose(WAIT)).isEqualTo(1009);
    assertThat(agent.isOpen()).isTrue();
    assertThat(bystander.isOpen()).isTrue();
    Reply reply = bystander.request("chat:message", Map.of("to", "agent", "message", "fine"));
    assertThat(reply.ok()).as(reply.toString()).isTrue();
    assertThat(agent.await("chat:message", WAIT).path("message").asText()).isEqualTo("fine");
  }

  // ---- outgoing size --------------------------------------------------------------------------

  @Test
  void aMaximalFrameRelayedToOthersReachesThemAndClosesNobody() throws Exception {
    Realtime realtime = server().realtime();
    // like a host's "visitor:open-chat": the caller's data goes to every commercial, in a larger
    // frame
    realtime.on(
        "test:open-chat",
        RoleGuard.anyOf(Role.VISITOR),
        ctx ->
            ctx.answer(
                realtime.notifyRole(
                    ctx.caller().companyId(),
                    Role.COMMERCIAL,
                    "test:wants-chat",
                    Map.of(
                        "visitorId",
                        ctx.caller().userId().value(),
                        "topic",
                        ctx.data().path("topic").asText()))));
    RealtimeTestClient agent1 = client("agent-1", acme, Role.COMMERCIAL);
    RealtimeTestClient agent2 = client("agent-2", acme, Role.COMMERCIAL);
    RealtimeTestClient visitor = client("visitor", acme, Role.VISITOR);
    String head = "{\"event\":\"test:open-chat\",\"data\":{\"topic\":\"";
    String tail = "\"},\"id\":1}";
    int limit = realtime.settings().maxFrameBytes();
    String topic = "t".repeat(limit - head.length() - tail.length());

    visitor.send(head + topic + tail); // exactly at the inbound limit: accepted

    for (RealtimeTestClient agent : List.of(agent1, agent2)) {
      assertThat(agent.await("test:wants-chat", WAIT).path("topic").asText()).isEqualTo(topic);
      assertThat(agent.frames())
          .as("the relayed frame is larger than any client may send")
          .anySatisfy(f -> assertThat(f.length()).isGreaterThan(limit));
    }
    Awaitility.await()
        .atMost(WAIT)
        .until(
            () ->
                visitor.frames().stream().anyMatch(f -> f.startsWith("{\"reply\":1,\"ok\":true")));
    for (RealtimeTestClient c : List.of(agent1, agent2, visitor)) {
      assertThat(c.isOpen()).as(c.toString()).isTrue();
    }
    Reply after = visitor.request("chat:message", Map.of("to", "agent-1", "message", "still here"));
    assertThat(after.ok()).as(after.toString()).isTrue();
  }

  @Test
  void aNotificationOverTheOutboundLimitIsRefusedToTheHostAndClosesNobody() throws Exception {
    server(b -> b.maxOutboundFrameBytes(256 * 1024));
    Realtime realtime = server.realtime();
    RealtimeTestClient agent = client("agent", acme, Role.COMMERCIAL);

    Result<NotificationReceipt> refused =
        realtime.notifyRole(acme, Role.COMMERCIAL, "huge", Map.of("blob", "h".repeat(300 * 1024)));

    assertThat(refused.isOk()).isFalse();
    assertThat(refused.failure().code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertThat(refused.failure().message()).contains("payload too large");
    agent.assertNoEvent("huge", QUIET);
    assertThat(agent.isOpen()).isTrue();

    // under the outbound limit but over the inbound one: delivered
    String large = "l".repeat(200 * 1024);
    Result<NotificationReceipt> sent =
        realtime.notifyUser(acme, UserId.of("agent"), "large", Map.of("blob", large));
    assertThat(sent.isOk()).as(String.valueOf(sent)).isTrue();
    assertThat(sent.value().deliveredConnections()).isEqualTo(1);
    assertThat(agent.await("large", WAIT).path("blob").asText()).isEqualTo(large);
    assertThat(agent.isOpen()).isTrue();
  }

  // ---- back-pressure and rate limits ----------------------------------------------------------

  @Test
  void aFloodIsRateLimitedWith4429AndOthersAreUnaffected() throws Exception {
    // Low limits so that the flood trips the limiter whatever the client's send rate: the core
    // closes after more than eventBurst refusals in a row, and any refilled token resets that
    // count, so with the defaults (50/s) a flood must outrun 5,000 events/s.
    server(b -> b.eventsPerSecond(5).eventBurst(20));
    RealtimeTestClient agent = client("agent", acme, Role.COMMERCIAL);
    RealtimeTestClient flooder = client("flooder", acme, Role.VISITOR);
    RealtimeTestClient calm = client("calm", acme, Role.VISITOR);

    String frame = "{\"event\":\"chat:message\",\"data\":{\"to\":\"agent\",\"message\":\"spam\"}}";
    for (int i = 0; i < 500 && flooder.isOpen(); i++) {
      try {
        flooder.send(frame);
      } catch (UncheckedIOException closed) {
        break;
      }
    }

    assertThat(flooder.awaitClose(WAIT)).isEqualTo(4429);
    Reply reply = calm.request("chat:message", Map.of("to", "agent", "message", "hello"));
    assertThat(reply.ok()).as(reply.toString()).isTrue();
    assertThat(calm.isOpen()).isTrue();
    assertThat(agent.isOpen()).isTrue();
  }

  @Test
  void aReaderThatStopsReadingIsClosedWith4429() throws Exception {
    server(b -> b.maxFrameBytes(16 * 1024).outboundQueueBytes(64 * 1024));
    RealtimeTestClient slow = client("slow", acme, Role.VISITOR);
    RealtimeTestClient other = client("other", acme, Role.VISITOR);
    Realtime realtime = server.realtime();
    Map<String, String> payload = Map.of("blob", "z".repeat(8 * 1024));

    // the host can reach the socket before it stops reading
    realtime.notifyUser(acme, UserId.of("slow"), "warmup", Map.of("n", 0));
    slow.await("warmup", WAIT);
    slow.stopReading();
    // up to 128 MiB offered: far more than the socket buffers and the 64 KiB queue can hold
    int delivered = 1;
    for (int i = 0; i < 16_000 && delivered > 0; i++) {
      var receipt = realtime.notifyUser(acme, UserId.of("slow"), "bulk", payload);
      delivered = receipt.isOk() ? receipt.value().deliveredConnections() : 0;
    }
    assertThat(slow.awaitReaderBlocked(WAIT)).isTrue();
    slow.resumeReading();

    assertThat(slow.awaitClose(Duration.ofSeconds(20))).as(slow.toString()).isEqualTo(4429);
    realtime.notifyUser(acme, UserId.of("other"), "ping", Map.of("n", 1));
    assertThat(other.await("ping", WAIT).path("n").asInt()).isEqualTo(1);
  }

  // ---- liveness and shutdown ------------------------------------------------------------------

  @Test
  void pingsKeepAnIdleConnectionOpenPastTheIdleTimeout() throws Exception {
    server(b -> b.heartbeat(Duration.ofMillis(200)).idleTimeout(Duration.ofMillis(800)));
    RealtimeTestClient quiet = client("quiet", acme, Role.VISITOR);

    quiet.assertNoEvent("error", Duration.ofMillis(2000));

    assertThat(quiet.isOpen()).as(quiet.toString()).isTrue();
  }

  @Test
  void stoppingTheServerCloses1001() throws Exception {
    RealtimeTestClient agent = client("agent", acme, Role.COMMERCIAL);
    RealtimeTestClient visitor = client("visitor", acme, Role.VISITOR);

    server.stopServer();

    assertThat(agent.awaitClose(WAIT)).isEqualTo(1001);
    assertThat(visitor.awaitClose(WAIT)).isEqualTo(1001);
    assertThatThrownBy(() -> RealtimeTestClient.open(server.uri())).isInstanceOf(IOException.class);
  }
}
