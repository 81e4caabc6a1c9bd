package io.realtimekit.infrastructure.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.realtimekit.application.port.TokenVerifier;
import io.realtimekit.application.port.VerifiedToken;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Result;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.RoleCatalog;
import io.realtimekit.domain.UserId;
import io.realtimekit.infrastructure.auth.TokenRefusal.Reason;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link TokenVerifier} for compact JWS tokens (JWT), on nimbus-jose-jwt.
 *
 * <p>Keys come from one of three sources, chosen by the factory method:
 *
 * <ul>
 *   <li>{@link #hmac(byte[])}: a shared secret of at least 32 bytes, for HS256, HS384 and HS512;
 *   <li>{@link #jwkSetFile(Path)}: a JWK set read once from a file, for RS*, PS* and ES*;
 *   <li>{@link #jwkSetUrl(URI)}: a JWK set fetched from a URL, cached, refreshed ahead of expiry
 *       and on a key-id miss at a bounded rate (never fetched per token).
 * </ul>
 *
 * <p>A token is accepted only when: it is a signed JWT (never {@code alg: none}, never encrypted);
 * its algorithm is in the allow-list, and the allow-list only ever holds algorithms of the key's
 * family (so an HS token is refused by a JWK-set verifier, and an RS token by an HMAC one, which
 * defeats algorithm confusion); the signature verifies; it is not a refresh token; {@code exp} is
 * present and in the future; {@code nbf}, when present, is in the past; {@code iss}, {@code aud}
 * and the header {@code typ} match when configured (times allow the configured clock skew); and it
 * carries a valid {@code sub}, a UUID {@code companyId} and at least one role of the {@link
 * RoleCatalog} ({@code roles}, or {@code role} as an alias, a string or an array of strings).
 *
 * <p>Failures have code {@code UNAUTHORIZED} and a short reason ({@code "token expired"}); neither
 * the reason nor the (DEBUG) log line ever contains the token or a part of it. The verifier is
 * immutable and thread-safe; signature verifiers are built once (per key for JWK sets) and reused.
 */
public final class JwtTokenVerifier implements TokenVerifier {
  private static final Logger LOG = LoggerFactory.getLogger(JwtTokenVerifier.class);

  /** Tokens longer than this many characters (16 KiB) are refused without being parsed. */
  public static final int MAX_TOKEN_LENGTH = 16 * 1024;

  /** The minimum HMAC secret length, in bytes (256 bits). */
  public static final int MIN_SECRET_BYTES = 32;

  // The work is shared out in this package: CompactJws checks the token's shape, TokenPolicy the
  // configured header and registered-claim rules, a SigningKeys (HmacSigningKeys or
  // JwkSetSigningKeys) the signature, and ClaimsReader reads the identity; each throws a
  // TokenRefusal, which verify() turns into the result.
  private final SigningKeys keys;
  private final TokenPolicy policy;
  private final ClaimsReader claimsReader;

  private JwtTokenVerifier(Builder b, SigningKeys keys) {
    this.keys = keys;
    this.policy =
        new TokenPolicy(b.allowedAlgorithms, b.issuer, b.audience, b.type, b.clockSkew, b.clock);
    this.claimsReader = new ClaimsReader(b.roleCatalog);
  }

  /**
   * A builder for a verifier of HMAC-signed tokens (HS256, HS384, HS512).
   *
   * @param secret the shared secret, at least {@value #MIN_SECRET_BYTES} bytes; it is copied
   * @throws IllegalArgumentException when the secret is shorter than 32 bytes
   * @throws NullPointerException when the secret is null
   * @return a builder, with the defaults documented on its methods
   */
  public static Builder hmac(byte[] secret) {
    Objects.requireNonNull(secret, "secret");
    if (secret.length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException(
          "an HMAC secret must be at least "
              + MIN_SECRET_BYTES
              + " bytes (256 bits), got "
              + secret.length
              + " bytes");
    }
    return new Builder(Kind.HMAC, secret.clone(), null, null);
  }

  /**
   * A builder for a verifier of RSA- and EC-signed tokens whose public keys are in a JWK set file
   * (JSON, {@code {"keys":[...]}}). The file is read once, by {@link Builder#build()}; only the
   * public parts of its keys are used.
   *
   * @param jwkSetFile the file
   * @return a builder, with the defaults documented on its methods
   */
  public static Builder jwkSetFile(Path jwkSetFile) {
    return new Builder(Kind.JWK_FILE, null, Objects.requireNonNull(jwkSetFile, "jwkSetFile"), null);
  }

  /**
   * A builder for a verifier of RSA- and EC-signed tokens whose public keys are published as a JWK
   * set at a URL (an OpenID provider's {@code jwks_uri}). The set is fetched on first use, cached
   * (see {@link Builder#jwkSetCacheTtl(Duration)}), refreshed ahead of expiry, and refreshed on a
   * key-id miss at most about once every 30 seconds; it is never fetched per token. Use {@code
   * https} outside tests.
   *
   * @param jwkSetUrl an absolute {@code http} or {@code https} URL
   * @throws IllegalArgumentException when the URL is not absolute http(s)
   * @return a builder, with the defaults documented on its methods
   */
  public static Builder jwkSetUrl(URI jwkSetUrl) {
    Objects.requireNonNull(jwkSetUrl, "jwkSetUrl");
    String scheme = jwkSetUrl.getScheme();
    if (!jwkSetUrl.isAbsolute()
        || scheme == null
        || !(scheme.equalsIgnoreCase("https") || scheme.equalsIgnoreCase("http"))
        || jwkSetUrl.getHost() == null) {
      throw new IllegalArgumentException("a JWK set URL must be an absolute http(s) URL");
    }
    return new Builder(Kind.JWK_URL, null, null, jwkSetUrl);
  }

  /**
   * Verifies {@code token}; never throws.
   *
   * @param token the compact serialised JWS, as received (may be null or garbage)
   * @return the verified identity, or a failure with code {@code UNAUTHORIZED} and a short reason
   */
  @Override
  public Result<VerifiedToken> verify(String token) {
    try {
      return Result.ok(check(token));
    } catch (TokenRefusal r) {
      LOG.debug("token refused: {}", r.reason.result.failure().message());
      return r.reason.result;
    } catch (RuntimeException e) {
      // the exception's message may quote the token: log its type only
      LOG.debug("token refused: malformed token ({})", e.getClass().getName());
      return Reason.MALFORMED.result;
    }
  }

  private VerifiedToken check(String token) throws TokenRefusal {
    CompactJws parts = CompactJws.split(token);
    JWSHeader header = parts.header();
    policy.checkHeader(header);
    if (parts.signatureMissing()) {
      throw TokenRefusal.of(Reason.INVALID_SIGNATURE); // empty signature part
    }
    SignedJWT jwt = parts.signedJwt();
    keys.verify(jwt);

    JWTClaimsSet claims;
    try {
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw TokenRefusal.of(Reason.MALFORMED);
    }
    Instant expiresAt = policy.checkClaims(claims);
    UserId userId = claimsReader.subject(claims);
    CompanyId companyId = claimsReader.companyId(claims);
    Set<Role> roles = claimsReader.roles(claims);
    Map<String, Object> rest = claimsReader.otherClaims(claims);
    return new VerifiedToken(userId, companyId, roles, expiresAt, rest);
  }

  // ---------------------------------------------------------------------------------------------

  private enum Kind {
    HMAC,
    JWK_FILE,
    JWK_URL
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * Configures a {@link JwtTokenVerifier}. Not thread-safe; each setter returns this builder.
   * Obtain one from {@link JwtTokenVerifier#hmac}, {@link JwtTokenVerifier#jwkSetFile} or {@link
   * JwtTokenVerifier#jwkSetUrl}.
   */
  public static final class Builder {
    private final Kind kind;
    private final byte[] secret;
    private final Path file;
    private final URI url;
    private Set<JWSAlgorithm> allowedAlgorithms;
    private String issuer;
    private String audience;
    private String type;
    private Duration clockSkew = Duration.ofSeconds(30);
    private Clock clock = Clock.systemUTC();
    private RoleCatalog roleCatalog = RoleCatalog.builtIn();
    private Duration jwkSetCacheTtl = Duration.ofMinutes(5);

    private Builder(Kind kind, byte[] secret, Path file, URI url) {
      this.kind = kind;
      this.secret = secret;
      this.file = file;
      this.url = url;
      this.allowedAlgorithms =
          kind == Kind.HMAC ? HmacSigningKeys.ALGORITHMS : JwkSetSigningKeys.ALGORITHMS;
    }

    /**
     * The algorithms accepted in a token's {@code alg} header. Default: HS256, HS384 and HS512 for
     * an HMAC secret; RS256..RS512, PS256..PS512 and ES256..ES512 for a JWK set. Every algorithm
     * must belong to the key's family (HMAC for a secret, RSA/EC for a JWK set), which is what
     * makes algorithm confusion impossible.
     *
     * @param algorithms a non-empty set
     * @throws IllegalArgumentException when empty or when an algorithm does not fit the key type
     * @return this builder
     */
    public Builder allowedAlgorithms(Set<JWSAlgorithm> algorithms) {
      Objects.requireNonNull(algorithms, "algorithms");
      if (algorithms.isEmpty()) {
        throw new IllegalArgumentException("allowedAlgorithms must not be empty");
      }
      Set<JWSAlgorithm> family =
          kind == Kind.HMAC ? HmacSigningKeys.ALGORITHMS : JwkSetSigningKeys.ALGORITHMS;
      for (JWSAlgorithm alg : algorithms) {
        if (!family.contains(alg)) {
          throw new IllegalArgumentException(
              alg
                  + " cannot be used with "
                  + (kind == Kind.HMAC ? "an HMAC secret" : "a JWK set")
                  + "; allowed: "
                  + family.stream().map(JWSAlgorithm::getName).sorted().toList());
        }
      }
      this.allowedAlgorithms = Set.copyOf(algorithms);
      return this;
    }

    /**
     * The required {@code iss} claim. Default: none (not checked).
     *
     * @param issuer the exact issuer, or null to not check it
     * @return this builder
     */
    public Builder issuer(String issuer) {
      this.issuer = nonBlankOrNull(issuer, "issuer");
      return this;
    }

    /**
     * An audience the token's {@code aud} claim (string or array) must contain. Default: none (not
     * checked).
     *
     * @param audience the audience, or null to not check it
     * @return this builder
     */
    public Builder audience(String audience) {
      this.audience = nonBlankOrNull(audience, "audience");
      return this;
    }

    /**
     * The required JOSE header {@code typ}, for example {@code "JWT"} or {@code "at+jwt"}, compared
     * case-insensitively with any {@code application/} prefix ignored. Default: none (not checked;
     * refresh types are refused in any case).
     *
     * @param type the expected type, or null to not check it
     * @return this builder
     */
    public Builder type(String type) {
      this.type = nonBlankOrNull(type, "type");
      return this;
    }

    /**
     * The tolerance applied to {@code exp} and {@code nbf}. Default: 30 seconds.
     *
     * @param skew zero or positive
     * @throws IllegalArgumentException when negative
     * @return this builder
     */
    public Builder clockSkew(Duration skew) {
      Objects.requireNonNull(skew, "skew");
      if (skew.isNegative()) {
        throw new IllegalArgumentException("clockSkew must not be negative");
      }
      this.clockSkew = skew;
      return this;
    }

    /**
     * The clock giving "now" for {@code exp} and {@code nbf}. Default: {@link Clock#systemUTC()}.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The roles a token may carry; a token naming any other role is refused. Default: {@link
     * RoleCatalog#builtIn()} (visitor, commercial, admin).
     *
     * @param catalog the catalog
     * @return this builder
     */
    public Builder roleCatalog(RoleCatalog catalog) {
      this.roleCatalog = Objects.requireNonNull(catalog, "catalog");
      return this;
    }

    /**
     * How long a JWK set fetched from a URL is cached before it is fetched again (it is also
     * refreshed ahead of expiry, and on a key-id miss at most about once every 30 seconds). Only
     * used with {@link JwtTokenVerifier#jwkSetUrl}. Default: 5 minutes.
     *
     * @param ttl at least one second
     * @throws IllegalArgumentException when shorter than one second
     * @return this builder
     */
    public Builder jwkSetCacheTtl(Duration ttl) {
      Objects.requireNonNull(ttl, "ttl");
      if (ttl.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException("jwkSetCacheTtl must be at least one second");
      }
      this.jwkSetCacheTtl = ttl;
      return this;
    }

    /**
     * Builds the verifier. A JWK set file is read now; a JWK set URL is fetched on first use.
     *
     * @throws UncheckedIOException when the JWK set file cannot be read
     * @throws IllegalArgumentException when the JWK set file is not a JWK set with at least one RSA
     *     or EC key, or the URL is not a valid URL
     * @return the immutable, thread-safe verifier
     */
    public JwtTokenVerifier build() {
      return new JwtTokenVerifier(this, keys());
    }

    private SigningKeys keys() {
      switch (kind) {
        case HMAC:
          return new HmacSigningKeys(secret);
        case JWK_FILE:
          return JwkSetSigningKeys.fromFile(file);
        case JWK_URL:
        default:
          return JwkSetSigningKeys.fromUrl(url, jwkSetCacheTtl);
      }
    }

    private static String nonBlankOrNull(String value, String what) {
      if (value != null && value.isBlank()) {
        throw new IllegalArgumentException(what + " must not be blank (use null to not check it)");
      }
      return value;
    }
  }
}
