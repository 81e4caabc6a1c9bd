package io.realtimekit.infrastructure.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Mints HS256 tokens that a {@link JwtTokenVerifier#hmac(byte[])} verifier with the same secret
 * accepts. Meant for demos (the example server's {@code /dev/token}) and tests, not as an identity
 * provider.
 *
 * <p>A token has header {@code {"alg":"HS256","typ":"JWT"}} and the claims {@code sub}, {@code
 * companyId}, {@code roles} (sorted array), {@code iat}, {@code exp}, {@code jti} (random UUID),
 * plus {@code iss} and {@code aud} when configured and any extra claims. Instances are immutable
 * and thread-safe; {@link #withIssuer}, {@link #withAudience} and {@link #withClock} return copies.
 */
public final class HmacTokenIssuer {
  private static final Set<String> RESERVED =
      Set.of("sub", "companyId", "roles", "role", "iat", "exp", "jti", "iss", "aud");

  private final JWSSigner signer;
  private final String issuer;
  private final String audience;
  private final Clock clock;

  /**
   * An issuer with no {@code iss} or {@code aud} claim, on the system UTC clock.
   *
   * @param secret the shared secret, at least {@value JwtTokenVerifier#MIN_SECRET_BYTES} bytes; it
   *     is copied
   * @throws IllegalArgumentException when the secret is shorter than 32 bytes
   */
  public HmacTokenIssuer(byte[] secret) {
    this(signer(secret), null, null, Clock.systemUTC());
  }

  private HmacTokenIssuer(JWSSigner signer, String issuer, String audience, Clock clock) {
    this.signer = signer;
    this.issuer = issuer;
    this.audience = audience;
    this.clock = clock;
  }

  private static JWSSigner signer(byte[] secret) {
    Objects.requireNonNull(secret, "secret");
    if (secret.length < JwtTokenVerifier.MIN_SECRET_BYTES) {
      throw new IllegalArgumentException(
          "an HMAC secret must be at least "
              + JwtTokenVerifier.MIN_SECRET_BYTES
              + " bytes (256 bits), got "
              + secret.length
              + " bytes");
    }
    try {
      return new MACSigner(secret.clone());
    } catch (JOSEException e) {
      throw new IllegalArgumentException("unusable HMAC secret: " + e.getMessage(), e);
    }
  }

  /**
   * A copy that sets the {@code iss} claim.
   *
   * @param issuer the issuer, or null for none
   * @return a copy with this setting
   */
  public HmacTokenIssuer withIssuer(String issuer) {
    return new HmacTokenIssuer(signer, issuer, audience, clock);
  }

  /**
   * A copy that sets the {@code aud} claim.
   *
   * @param audience the audience, or null for none
   * @return a copy with this setting
   */
  public HmacTokenIssuer withAudience(String audience) {
    return new HmacTokenIssuer(signer, issuer, audience, clock);
  }

  /**
   * A copy that reads "now" ({@code iat}, and {@code exp} = now + ttl) from {@code clock}.
   *
   * @param clock the clock
   * @return a copy with this setting
   */
  public HmacTokenIssuer withClock(Clock clock) {
    return new HmacTokenIssuer(signer, issuer, audience, Objects.requireNonNull(clock, "clock"));
  }

  /**
   * Mints a token.
   *
   * @param userId the {@code sub}
   * @param companyId the {@code companyId}
   * @param roles the {@code roles}, at least one
   * @param ttl the lifetime, positive; {@code exp} is now + ttl, truncated to the second
   * @return the compact serialised token
   * @throws IllegalArgumentException when {@code roles} is empty or {@code ttl} is not positive
   */
  public String issue(UserId userId, CompanyId companyId, Set<Role> roles, Duration ttl) {
    return issue(userId, companyId, roles, ttl, Map.of());
  }

  /**
   * Mints a token with extra claims (for example {@code maxChats}), which a verifier passes on in
   * {@code VerifiedToken.claims}.
   *
   * @param userId the {@code sub}
   * @param companyId the {@code companyId}
   * @param roles the {@code roles}, at least one
   * @param ttl the lifetime, positive; {@code exp} is now + ttl, truncated to the second
   * @param extraClaims JSON-compatible values (String, Number, Boolean, List, Map); must not use a
   *     name this issuer sets ({@code sub, companyId, roles, role, iat, exp, jti, iss, aud})
   * @return the compact serialised token
   * @throws IllegalArgumentException when {@code roles} is empty, {@code ttl} is not positive or an
   *     extra claim uses a reserved name
   */
  public String issue(
      UserId userId,
      CompanyId companyId,
      Set<Role> roles,
      Duration ttl,
      Map<String, Object> extraClaims) {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(companyId, "companyId");
    Objects.requireNonNull(ttl, "ttl");
    Objects.requireNonNull(extraClaims, "extraClaims");
    if (roles == null || roles.isEmpty()) {
      throw new IllegalArgumentException("a token needs at least one role");
    }
    if (ttl.isZero() || ttl.isNegative()) {
      throw new IllegalArgumentException("ttl must be positive");
    }
    JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder();
    extraClaims.forEach(
        (name, value) -> {
          if (RESERVED.contains(name)) {
            throw new IllegalArgumentException("extra claim '" + name + "' is set by the issuer");
          }
          claims.claim(name, value);
        });
    Instant now = clock.instant();
    claims
        .subject(userId.value())
        .claim("companyId", companyId.toString())
        .claim("roles", roles.stream().map(Role::name).sorted().toList())
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plus(ttl)))
        .jwtID(UUID.randomUUID().toString());
    if (issuer != null) {
      claims.issuer(issuer);
    }
    if (audience != null) {
      claims.audience(audience);
    }
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(),
            claims.build());
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("HS256 signing failed", e);
    }
    return jwt.serialize();
  }
}
