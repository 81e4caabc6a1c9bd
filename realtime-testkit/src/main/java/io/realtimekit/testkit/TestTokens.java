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
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Mints HS256 test tokens with a random secret, and the bad tokens negative tests need (forged,
 * expired, {@code alg: none}). {@link #verifier()} is the core's verifier for that secret, checking
 * the issuer and audience when they are set.
 *
 * <pre>{@code
 * TestTokens tokens = new TestTokens();
 * String visitor = tokens.token("v1", company, Role.VISITOR);
 *
 * TestTokens issued = TestTokens.forSecret(secret)         // the secret your server verifies with
 *     .issuer("https://auth.example.com")                   // iss
 *     .audience("realtime")                                 // aud
 *     .claim("maxChats", 5);                                // any claim of your own
 * String agent = issued.token("c1", company, Role.COMMERCIAL);
 * }</pre>
 *
 * <p>Instances are immutable: {@link #issuer}, {@link #audience} and {@link #claim} return a copy,
 * so one base instance can serve several variants. Every token an instance mints (the valid ones
 * and the bad ones) carries its issuer, audience and claims, so a bad token is refused for the one
 * reason it was made for.
 */
public final class TestTokens {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Claims the kit writes itself, or sets through their own method. */
  private static final Set<String> MANAGED_CLAIMS = Set.of("sub", "exp", "iat", "iss", "aud");

  private final byte[] secret;
  private final String issuer;
  private final List<String> audience;
  private final Map<String, Object> claims;

  /** Tokens signed with a fresh random 256-bit secret. */
  public TestTokens() {
    this(randomSecret());
  }

  /**
   * Tokens signed with {@code secret} (at least 32 bytes for HS256).
   *
   * @param secret the HMAC secret, copied
   */
  public TestTokens(byte[] secret) {
    this(checkSecret(secret).clone(), null, List.of(), Map.of());
  }

  private TestTokens(
      byte[] secret, String issuer, List<String> audience, Map<String, Object> claims) {
    this.secret = secret;
    this.issuer = issuer;
    this.audience = audience;
    this.claims = claims;
  }

  /**
   * Tokens signed with {@code secret}, the same as {@code new TestTokens(secret)}: the start of a
   * chain such as {@code TestTokens.forSecret(secret).issuer(...).audience(...)}.
   *
   * @param secret the HMAC secret (at least 32 bytes), copied
   * @return tokens without issuer, audience or claims of their own
   */
  public static TestTokens forSecret(byte[] secret) {
    return new TestTokens(secret);
  }

  /**
   * A copy whose tokens carry {@code iss}; its {@link #verifier()} requires it.
   *
   * @param issuer the issuer, for example {@code "https://auth.example.com"}; null for none
   * @return a new instance
   */
  public TestTokens issuer(String issuer) {
    if (issuer != null && issuer.isBlank()) {
      throw new IllegalArgumentException("issuer must not be blank (null for none)");
    }
    return new TestTokens(secret, issuer, audience, claims);
  }

  /**
   * A copy whose tokens carry {@code aud}: a string for one audience, an array for several; its
   * {@link #verifier()} requires the first. No argument removes the audience.
   *
   * @param audiences the audiences, none blank
   * @return a new instance
   */
  public TestTokens audience(String... audiences) {
    List<String> list = List.of(audiences);
    for (String a : list) {
      if (a.isBlank()) {
        throw new IllegalArgumentException("an audience must not be blank");
      }
    }
    return new TestTokens(secret, issuer, list, claims);
  }

  /**
   * A copy whose tokens carry one more claim, for example {@code claim("maxChats", 5)} or {@code
   * claim("tenantPlan", "pro")}. Values are what nimbus-jose-jwt writes as JSON: strings, numbers,
   * booleans, lists and maps of those. A claim the kit writes from the token's arguments ({@code
   * companyId}, {@code roles}) is replaced by this one, which makes malformed tokens easy to mint;
   * {@code sub}, {@code exp}, {@code iat}, {@code iss} and {@code aud} have their own parameters or
   * methods and are refused here.
   *
   * @param name the claim's name
   * @param value its value, not null
   * @return a new instance
   * @throws IllegalArgumentException for {@code sub}, {@code exp}, {@code iat}, {@code iss}, {@code
   *     aud}
   */
  public TestTokens claim(String name, Object value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    if (MANAGED_CLAIMS.contains(name)) {
      throw new IllegalArgumentException(
          "claim "
              + name
              + " is set by the kit: use issuer(...), audience(...) or the token's arguments");
    }
    Map<String, Object> more = new LinkedHashMap<>(claims);
    more.put(name, value);
    return new TestTokens(secret, issuer, audience, Collections.unmodifiableMap(more));
  }

  /**
   * A copy of the secret.
   *
   * @return the HMAC secret
   */
  public byte[] secret() {
    return secret.clone();
  }

  /**
   * The core's HS256 verifier for this secret, requiring this instance's issuer and first audience
   * when they are set.
   *
   * @return a new verifier
   */
  public TokenVerifier verifier() {
    return JwtTokenVerifier.hmac(secret)
        .issuer(issuer)
        .audience(audience.isEmpty() ? null : audience.get(0))
        .build();
  }

  /**
   * A valid token for one hour.
   *
   * @param userId the subject
   * @param companyId the company
   * @param roles the roles
   * @return the compact JWS
   */
  public String token(String userId, CompanyId companyId, Role... roles) {
    return token(UserId.of(userId), companyId, Set.of(roles), Duration.ofHours(1));
  }

  /**
   * A valid token for {@code ttl}.
   *
   * @param userId the subject
   * @param companyId the company
   * @param roles the roles
   * @param ttl how long from now it stays valid
   * @return the compact JWS
   */
  public String token(UserId userId, CompanyId companyId, Set<Role> roles, Duration ttl) {
    return sign(secret, claims(userId.value(), companyId, roles, Instant.now().plus(ttl)));
  }

  /**
   * A token whose {@code exp} passed an hour ago, otherwise valid.
   *
   * @param userId the subject
   * @param companyId the company
   * @param roles the roles
   * @return the compact JWS
   */
  public String expired(String userId, CompanyId companyId, Role... roles) {
    return sign(
        secret, claims(userId, companyId, Set.of(roles), Instant.now().minus(Duration.ofHours(1))));
  }

  /**
   * A well-formed HS256 token signed with another secret.
   *
   * @param userId the subject
   * @param companyId the company
   * @param roles the roles
   * @return the compact JWS
   */
  public String forged(String userId, CompanyId companyId, Role... roles) {
    return sign(
        randomSecret(),
        claims(userId, companyId, Set.of(roles), Instant.now().plus(Duration.ofHours(1))));
  }

  /**
   * An unsigned token ({@code alg: none}) with valid claims.
   *
   * @param userId the subject
   * @param companyId the company
   * @param roles the roles
   * @return the compact JWT, with an empty signature part
   */
  public String algNone(String userId, CompanyId companyId, Role... roles) {
    return new PlainJWT(
            claims(userId, companyId, Set.of(roles), Instant.now().plus(Duration.ofHours(1))))
        .serialize();
  }

  private JWTClaimsSet claims(
      String userId, CompanyId companyId, Set<Role> roles, Instant expiresAt) {
    List<String> names = roles.stream().map(Role::name).sorted().toList();
    JWTClaimsSet.Builder builder =
        new JWTClaimsSet.Builder()
            .subject(userId)
            .claim("companyId", companyId.toString())
            .claim("roles", names)
            .issueTime(Date.from(Instant.now().minusSeconds(5)))
            .expirationTime(Date.from(expiresAt));
    if (issuer != null) {
      builder.issuer(issuer);
    }
    if (audience.size() == 1) {
      builder.audience(audience.get(0));
    } else if (!audience.isEmpty()) {
      builder.audience(audience);
    }
    claims.forEach(builder::claim);
    return builder.build();
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

  private static byte[] checkSecret(byte[] secret) {
    Objects.requireNonNull(secret, "secret");
    if (secret.length < 32) {
      throw new IllegalArgumentException("an HS256 secret needs at least 32 bytes");
    }
    return secret;
  }

  private static byte[] randomSecret() {
    byte[] s = new byte[32];
    RANDOM.nextBytes(s);
    return s;
  }

  @Override
  public String toString() {
    return "TestTokens[secret=***, issuer="
        + issuer
        + ", audience="
        + audience
        + ", claims="
        + claims.keySet()
        + "]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TestTokens t
        && Arrays.equals(secret, t.secret)
        && Objects.equals(issuer, t.issuer)
        && audience.equals(t.audience)
        && claims.equals(t.claims);
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(secret), issuer, audience, claims);
  }
}
