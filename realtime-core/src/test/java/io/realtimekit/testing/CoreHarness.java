package io.realtimekit.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtimekit.Realtime;
import io.realtimekit.RealtimeBuilder;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import io.realtimekit.infrastructure.auth.HmacTokenIssuer;
import io.realtimekit.infrastructure.auth.JwtTokenVerifier;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A started {@link Realtime} on a {@link ManualScheduler} (time moves only when the test says),
 * with an HS256 verifier and issuer sharing one secret, and helpers to open in-memory sockets.
 */
public final class CoreHarness implements AutoCloseable {
  /** The HS256 secret of every harness. */
  public static final byte[] SECRET =
      "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);

  /** The clock and scheduler of the Realtime. */
  public final ManualScheduler time = new ManualScheduler();

  /** Mints tokens the Realtime accepts, on {@link #time}. */
  public final HmacTokenIssuer issuer = new HmacTokenIssuer(SECRET).withClock(time);

  /** The started Realtime. */
  public final Realtime realtime;

  private CoreHarness(UnaryOperator<RealtimeBuilder> customize) {
    RealtimeBuilder builder =
        Realtime.builder()
            .tokenVerifier(
                JwtTokenVerifier.hmac(SECRET).clock(time).clockSkew(Duration.ZERO).build())
            .scheduler(time)
            .clock(time)
            // floor changes on the publishing thread, so that a test sees an assignment right after
            // the connect
            .assignmentExecutor(Runnable::run);
    this.realtime = customize.apply(builder).build().start();
  }

  /** A harness with the default settings. */
  public static CoreHarness start() {
    return start(b -> b);
  }

  /** A harness whose Realtime is configured further by {@code customize}. */
  public static CoreHarness start(UnaryOperator<RealtimeBuilder> customize) {
    return new CoreHarness(customize);
  }

  /** A token valid for an hour. */
  public String token(String user, CompanyId company, Role role) {
    return token(user, company, role, Map.of());
  }

  /** A token valid for an hour, with extra claims (for example {@code maxChats}). */
  public String token(String user, CompanyId company, Role role, Map<String, Object> claims) {
    return issuer.issue(UserId.of(user), company, Set.of(role), Duration.ofHours(1), claims);
  }

  /** A socket that has not authenticated yet. */
  public InMemoryConnection open() {
    return InMemoryConnection.open(realtime.transport());
  }

  /**
   * A socket authenticated by first frame; asserts that the first frame it got is {@code
   * connected}.
   */
  public InMemoryConnection connect(String user, CompanyId company, Role role) {
    return connect(user, company, role, Map.of());
  }

  /** As {@link #connect(String, CompanyId, Role)}, with extra claims in the token. */
  public InMemoryConnection connect(
      String user, CompanyId company, Role role, Map<String, Object> claims) {
    InMemoryConnection c = open();
    c.receive("{\"type\":\"connect\",\"token\":\"" + token(user, company, role, claims) + "\"}");
    assertThat(c.frames()).as("frames of %s", user).isNotEmpty();
    assertThat(c.frames().get(0).path("type").asText())
        .as("first frame of %s: %s", user, c.sent())
        .isEqualTo("connected");
    return c;
  }

  @Override
  public void close() {
    realtime.close();
  }
}
