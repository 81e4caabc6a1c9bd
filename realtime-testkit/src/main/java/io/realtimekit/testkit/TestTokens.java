package io.realtimekit.testkit;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.realtimekit.application.port.TokenVerifier;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import io.realtimekit.infrastructure.auth.JwtTokenVerifier;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Mints HS256 test tokens with a random secret, and the bad tokens negative tests need (forged,
 * expired, {@code alg: none}). {@link #verifier()} is the core's verifier for that secret.
 *
 * <pre>{@code
 * TestTokens tokens = new TestTokens();
 * String visitor = tokens.token("v1", company, Role.VISITOR);
 * }</pre>
 */
public final class TestTokens {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] secret;

  /** Tokens signed with a fresh random 256-bit secret. */
  public TestTokens() {
    this(randomSecret());
  }

  /** Tokens signed with {@code secret} (at least 32 bytes for HS256). */
  public TestTokens(byte[] secret) {
    Objects.requireNonNull(secret, "secret");
    if (secret.length < 32) {
      throw new IllegalArgumentException("an HS256 secret needs at least 32 bytes");
    }
    this.secret = secret.clone();
  }

  /** A copy of the secret. */
  public byte[] secret() {
    return secret.clone();
  }

  /** The core's HS256 verifier for this secret. */
  public TokenVerifier verifier() {
    return JwtTokenVerifier.hmac(secret).build();
  }

  /** A valid token for one hour. */
  public String token(String userId, CompanyId companyId, Role... roles) {
    return token(UserId.of(userId), companyId, Set.of(roles), Duration.ofHours(1));
  }

  /** A valid token for {@code ttl}. */
  public String token(UserId userId, CompanyId companyId, Set<Role> roles, Duration ttl) {
    return sign(secret, claims(userId.value(), companyId, roles, Instant.now().plus(ttl)));
  }

  /** A token whose {@code exp} passed an hour ago, otherwise valid. */
  public String expired(String userId, CompanyId companyId, Role... roles) {
    return sign(
        secret,
        claims(userId, companyId, Set.of(roles), Instant.now().minus(Duration.ofHours(1))));
  }

  /** A well-formed HS256 token signed with another secret. */
  public String forged(String userId, CompanyId companyId, Role... roles) {
    return sign(
        randomSecret(),
        claims(userId, companyId, Set.of(roles), Instant.now().plus(Duration.ofHours(1))));
  }

  /** An unsigned token ({@code alg: none}) with valid claims. */
  public String algNone(String userId, CompanyId companyId, Role... roles) {
    return new PlainJWT(
            claims(userId, companyId, Set.of(roles), Instant.now().plus(Duration.ofHours(1))))
        .serialize();
  }

  private static JWTClaimsSet claims(
      String userId, CompanyId companyId, Set<Role> roles, Instant expiresAt) {
    List<String> names = roles.stream().map(Role::name).sorted().toList();
    return new JWTClaimsSet.Builder()
        .subject(userId)
        .claim("companyId", companyId.toString())
        .claim("roles", names)
        .issueTime(Date.from(Instant.now().minusSeconds(5)))
        .expirationTime(Date.from(expiresAt))
        .build();
  }

  private static String sign(byte[] key, JWTClaimsSet claims) {
    try {
      SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
      jwt.sign(new MACSigner(key));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign a test token", e);
    }
  }

  private static byte[] randomSecret() {
    byte[] s = new byte[32];
    RANDOM.nextBytes(s);
    return s;
  }

  @Override
  public String toString() {
    return "TestTokens[secret=" + (secret.length > 0 ? "***" : "") + "]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TestTokens t && Arrays.equals(secret, t.secret);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(secret);
  }
}
