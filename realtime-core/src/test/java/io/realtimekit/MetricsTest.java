package io.realtimekit;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtimekit.application.port.RealtimeMetrics;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.ErrorCode;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import io.realtimekit.infrastructure.auth.HmacTokenIssuer;
import io.realtimekit.infrastructure.auth.JwtTokenVerifier;
import io.realtimekit.testing.InMemoryConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/** The core reports what it does to its {@link RealtimeMetrics}. */
class MetricsTest {
  static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);

  static final class Counting implements RealtimeMetrics {
    final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    void add(String key, long n) {
      counts.computeIfAbsent(key, k -> new LongAdder()).add(n);
    }

    long get(String key) {
      LongAdder a = counts.get(key);
      return a == null ? 0 : a.sum();
    }

    @Override
    public void socketOpened() {
      add("opened", 1);
    }

    @Override
    public void socketClosed(int code) {
      add("closed:" + code, 1);
    }

    @Override
    public void authenticated() {
      add("authenticated", 1);
    }

    @Override
    public void refused(String reason) {
      add("refused:" + reason, 1);
    }

    @Override
    public void eventIn(String event) {
      add("in:" + event, 1);
    }

    @Override
    public void eventOut(String event, int sockets) {
      add("out:" + event, sockets);
    }

    @Override
    public void error(ErrorCode code) {
      add("error:" + code, 1);
    }

    @Override
    public void deliveryNanos(long nanos) {
      add("delivery", 1);
    }
  }

  @Test
  void connectsEventsErrorsRefusalsAndDeliveriesAreCounted() {
    Counting metrics = new Counting();
    CompanyId a = CompanyId.of(UUID.randomUUID());
    HmacTokenIssuer issuer = new HmacTokenIssuer(SECRET);
    try (Realtime realtime =
        Realtime.builder()
            .tokenVerifier(JwtTokenVerifier.hmac(SECRET).build())
            .metrics(metrics)
            .build()
            .start()) {
      InMemoryConnection c = InMemoryConnection.open(realtime.transport());
      c.receive(
          "{\"type\":\"connect\",\"token\":\""
              + issuer.issue(UserId.of("ca"), a, Set.of(Role.COMMERCIAL), Duration.ofHours(1))
              + "\"}");
      InMemoryConnection v = InMemoryConnection.open(realtime.transport());
      v.receive(
          "{\"type\":\"connect\",\"token\":\""
              + issuer.issue(UserId.of("va"), a, Set.of(Role.VISITOR), Duration.ofHours(1))
              + "\"}");
      InMemoryConnection bad = InMemoryConnection.open(realtime.transport());
      bad.receive("{\"type\":\"connect\",\"token\":\"x.y.z\"}");

      c.receive(
          "{\"event\":\"chat:message\",\"data\":{\"to\":\"va\",\"message\":\"hi\"},\"id\":1}");
      c.receive(
          "{\"event\":\"chat:message\",\"data\":{\"to\":\"nobody\",\"message\":\"hi\"},\"id\":2}");
      realtime.notifyCompany(a, "news", Map.of());

      assertThat(metrics.get("opened")).isEqualTo(3);
      assertThat(metrics.get("authenticated")).isEqualTo(2);
      assertThat(metrics.get("refused:unauthorized")).isEqualTo(1);
      assertThat(metrics.get("closed:4401")).isEqualTo(1);
      assertThat(metrics.get("in:chat:message")).isEqualTo(2);
      assertThat(metrics.get("out:chat:message")).isEqualTo(1);
      assertThat(metrics.get("out:news")).isEqualTo(2);
      assertThat(metrics.get("out:visitor:connected")).isEqualTo(1);
      assertThat(metrics.get("error:USER_NOT_CONNECTED")).isEqualTo(1);
      assertThat(metrics.get("delivery")).isEqualTo(1);
    }
  }
}
