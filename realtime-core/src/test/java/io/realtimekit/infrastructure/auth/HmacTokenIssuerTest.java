package io.realtimekit.infrastructure.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.SignedJWT;
import io.realtimekit.application.port.VerifiedToken;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HmacTokenIssuerTest {
  static final Instant NOW = Instant.parse("2030-01-01T00:00:00.750Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final byte[] SECRET =
      "0123456789abcdef0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  static final UserId USER = UserId.of("agent-7");
  static final CompanyId COMPANY = CompanyId.of("5b0a3c1e-8f43-4d5e-9a61-0c7c2f7b9e11");

  final HmacTokenIssuer issuer = new HmacTokenIssuer(SECRET).withClock(CLOCK);

  @Test
  void issues_a_token_the_verifier_accepts() {
    String token =
        issuer.issue(USER, COMPANY, Set.of(Role.COMMERCIAL, Role.ADMIN), Duration.ofMinutes(15));

    VerifiedToken t =
        JwtTokenVerifier.hmac(SECRET).clock(CLOCK).type("JWT").build().verify(token).value();

    assertThat(t.userId()).isEqualTo(USER);
    assertThat(t.companyId()).isEqualTo(COMPANY);
    assertThat(t.roles()).containsExactlyInAnyOrder(Role.COMMERCIAL, Role.ADMIN);
    assertThat(t.expiresAt()).isEqualTo(Instant.parse("2030-01-01T00:15:00Z"));
    assertThat(t.claims()).isEmpty();
  }

  @Test
  void writes_the_documented_header_and_claims() throws Exception {
    SignedJWT jwt =
        SignedJWT.parse(issuer.issue(USER, COMPANY, Set.of(Role.VISITOR), Duration.ofMinutes(1)));
    assertThat(jwt.getHeader().toJSONObject())
        .containsEntry("alg", "HS256")
        .containsEntry("typ", "JWT");
    assertThat(jwt.getJWTClaimsSet().getClaims())
        .containsKeys("sub", "companyId", "roles", "iat", "exp", "jti")
        .doesNotContainKeys("iss", "aud");
    assertThat(jwt.getJWTClaimsSet().getStringListClaim("roles")).containsExactly("visitor");
  }

  @Test
  void sets_issuer_audience_and_extra_claims() {
    HmacTokenIssuer configured = issuer.withIssuer("demo").withAudience("realtime");
    String token =
        configured.issue(
            USER,
            COMPANY,
            Set.of(Role.COMMERCIAL),
            Duration.ofMinutes(5),
            Map.of("maxChats", 4, "tags", List.of("a")));

    VerifiedToken t =
        JwtTokenVerifier.hmac(SECRET)
            .clock(CLOCK)
            .issuer("demo")
            .audience("realtime")
            .build()
            .verify(token)
            .value();

    assertThat(t.claims()).isEqualTo(Map.of("maxChats", 4L, "tags", List.of("a")));
    assertThat(
            JwtTokenVerifier.hmac(SECRET)
                .clock(CLOCK)
                .issuer("other")
                .build()
                .verify(token)
                .failure()
                .message())
        .isEqualTo("wrong issuer");
  }

  @Test
  void tokens_expire_after_their_ttl() {
    String token = issuer.issue(USER, COMPANY, Set.of(Role.VISITOR), Duration.ofMinutes(1));
    Clock later = Clock.fixed(NOW.plus(Duration.ofMinutes(2)), ZoneOffset.UTC);
    assertThat(JwtTokenVerifier.hmac(SECRET).clock(later).build().verify(token).failure().message())
        .isEqualTo("token expired");
  }

  @Test
  void refuses_bad_arguments() {
    assertThatThrownBy(() -> new HmacTokenIssuer(new byte[16]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 32 bytes");
    assertThatThrownBy(() -> issuer.issue(USER, COMPANY, Set.of(), Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> issuer.issue(USER, COMPANY, Set.of(Role.ADMIN), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                issuer.issue(
                    USER,
                    COMPANY,
                    Set.of(Role.ADMIN),
                    Duration.ofMinutes(1),
                    Map.of("sub", "someone-else")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sub");
  }
}
