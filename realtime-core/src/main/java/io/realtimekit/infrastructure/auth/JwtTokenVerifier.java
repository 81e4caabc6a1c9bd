package io.realtimekit.infrastructure.auth;

import com.nimbusds.jose.Header;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.realtimekit.application.port.TokenVerifier;
import io.realtimekit.application.port.VerifiedToken;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.DomainException;
import io.realtimekit.domain.Result;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.RoleCatalog;
import io.realtimekit.domain.UserId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Date;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
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

  private static final Set<JWSAlgorithm> HMAC_ALGORITHMS =
      Set.of(JWSAlgorithm.HS256, JWSAlgorithm.HS384, JWSAlgorithm.HS512);
  private static final Set<JWSAlgorithm> ASYMMETRIC_ALGORITHMS =
      Set.of(
          JWSAlgorithm.RS256,
          JWSAlgorithm.RS384,
          JWSAlgorithm.RS512,
          JWSAlgorithm.PS256,
          JWSAlgorithm.PS384,
          JWSAlgorithm.PS512,
          JWSAlgorithm.ES256,
          JWSAlgorithm.ES384,
          JWSAlgorithm.ES512);

  /** Claims mapped to {@link VerifiedToken} fields or checked here, so not copied to its claims. */
  private static final Set<String> CONSUMED_CLAIMS =
      Set.of("sub", "companyId", "roles", "role", "exp", "nbf", "iat", "iss", "aud", "jti");

  private static final List<String> TYPE_CLAIMS = List.of("typ", "token_type", "token_use", "type");
  private static final int MAX_CLAIM_DEPTH = 16;
  private static final int MAX_CACHED_VERIFIERS = 64;

  /** Why a token was refused; each reason holds its ready-made (immutable) result. */
  private enum Reason {
    MISSING_TOKEN("missing token"),
    TOKEN_TOO_LARGE("token too large"),
    MALFORMED("malformed token"),
    ALGORITHM_NOT_ALLOWED("algorithm not allowed"),
    UNKNOWN_KEY("unknown signing key"),
    KEYS_UNAVAILABLE("signing keys unavailable"),
    INVALID_SIGNATURE("invalid signature"),
    REFRESH("refresh tokens are not accepted"),
    WRONG_TYPE("wrong token type"),
    MISSING_EXPIRY("missing expiry"),
    EXPIRED("token expired"),
    NOT_YET_VALID("token not yet valid"),
    WRONG_ISSUER("wrong issuer"),
    WRONG_AUDIENCE("wrong audience"),
    MISSING_SUBJECT("missing subject"),
    INVALID_SUBJECT("invalid subject"),
    MISSING_COMPANY("missing companyId"),
    INVALID_COMPANY("invalid companyId"),
    MISSING_ROLES("missing roles"),
    INVALID_ROLES("invalid roles"),
    UNKNOWN_ROLE("unknown role");

    final Result<VerifiedToken> result;

    Reason(String message) {
      this.result = Result.failure(io.realtimekit.domain.ErrorCode.UNAUTHORIZED, message);
    }
  }

  /** Thrown internally to leave the verification with a reason; no stack trace, never escapes. */
  private static final class Refused extends Exception {
    private static final Map<Reason, Refused> ALL = new EnumMap<>(Reason.class);

    static {
      for (Reason r : Reason.values()) {
        ALL.put(r, new Refused(r));
      }
    }

    final Reason reason;

    private Refused(Reason reason) {
      super(reason.name(), null, false, false);
      this.reason = reason;
    }

    static Refused of(Reason reason) {
      return ALL.get(reason);
    }
  }

  private final Keys keys;
  private final Set<JWSAlgorithm> allowedAlgorithms;
  private final String issuer;
  private final String audience;
  private final String type;
  private final Duration clockSkew;
  private final Clock clock;
  private final RoleCatalog roleCatalog;

  private JwtTokenVerifier(Builder b, Keys keys) {
    this.keys = keys;
    this.allowedAlgorithms = b.allowedAlgorithms;
    this.issuer = b.issuer;
    this.audience = b.audience;
    this.type = b.type == null ? null : normaliseType(b.type);
    this.clockSkew = b.clockSkew;
    this.clock = b.clock;
    this.roleCatalog = b.roleCatalog;
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
    } catch (Refused r) {
      LOG.debug("token refused: {}", r.reason.result.failure().message());
      return r.reason.result;
    } catch (RuntimeException e) {
      // the exception's message may quote the token: log its type only
      LOG.debug("token refused: malformed token ({})", e.getClass().getName());
      return Reason.MALFORMED.result;
    }
  }

  private VerifiedToken check(String token) throws Refused {
    if (token == null || token.isBlank()) {
      throw Refused.of(Reason.MISSING_TOKEN);
    }
    if (token.length() > MAX_TOKEN_LENGTH) {
      throw Refused.of(Reason.TOKEN_TOO_LARGE);
    }
    int firstDot = -1;
    int secondDot = -1;
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c == '.') {
        if (firstDot < 0) {
          firstDot = i;
        } else if (secondDot < 0) {
          secondDot = i;
        } else {
          throw Refused.of(Reason.MALFORMED); // JWE (5 parts) or junk
        }
      } else if (!isBase64Url(c)) {
        throw Refused.of(Reason.MALFORMED);
      }
    }
    if (secondDot < 0 || firstDot == 0) {
      throw Refused.of(Reason.MALFORMED);
    }
    Base64URL headerPart = new Base64URL(token.substring(0, firstDot));
    Base64URL payloadPart = new Base64URL(token.substring(firstDot + 1, secondDot));
    Base64URL signaturePart = new Base64URL(token.substring(secondDot + 1));

    JWSHeader header;
    try {
      Header parsed = Header.parse(headerPart);
      if (!(parsed instanceof JWSHeader jws)) {
        // alg "none" (unsecured) or a JWE header
        throw Refused.of(Reason.ALGORITHM_NOT_ALLOWED);
      }
      header = jws;
    } catch (java.text.ParseException e) {
      throw Refused.of(Reason.MALFORMED);
    }
    if (!allowedAlgorithms.contains(header.getAlgorithm())) {
      throw Refused.of(Reason.ALGORITHM_NOT_ALLOWED);
    }
    JOSEObjectType typ = header.getType();
    if (typ != null && isRefresh(typ.getType())) {
      throw Refused.of(Reason.REFRESH);
    }
    if (type != null && (typ == null || !type.equals(normaliseType(typ.getType())))) {
      throw Refused.of(Reason.WRONG_TYPE);
    }
    if (secondDot == token.length() - 1) {
      throw Refused.of(Reason.INVALID_SIGNATURE); // empty signature part
    }
    SignedJWT jwt;
    try {
      jwt = new SignedJWT(headerPart, payloadPart, signaturePart);
    } catch (java.text.ParseException e) {
      throw Refused.of(Reason.MALFORMED);
    }
    keys.verify(jwt);

    JWTClaimsSet claims;
    try {
      claims = jwt.getJWTClaimsSet();
    } catch (java.text.ParseException e) {
      throw Refused.of(Reason.MALFORMED);
    }
    return checkClaims(claims);
  }

  private VerifiedToken checkClaims(JWTClaimsSet claims) throws Refused {
    for (String name : TYPE_CLAIMS) {
      if (claims.getClaim(name) instanceof String s && isRefresh(s)) {
        throw Refused.of(Reason.REFRESH);
      }
    }
    Instant now = clock.instant();
    Date exp = claims.getExpirationTime();
    if (exp == null) {
      throw Refused.of(Reason.MISSING_EXPIRY);
    }
    Instant expiresAt = exp.toInstant();
    if (!now.isBefore(expiresAt.plus(clockSkew))) {
      throw Refused.of(Reason.EXPIRED);
    }
    Date nbf = claims.getNotBeforeTime();
    if (nbf != null && now.plus(clockSkew).isBefore(nbf.toInstant())) {
      throw Refused.of(Reason.NOT_YET_VALID);
    }
    if (issuer != null && !issuer.equals(claims.getClaim("iss"))) {
      throw Refused.of(Reason.WRONG_ISSUER);
    }
    if (audience != null) {
      List<String> aud = claims.getAudience(); // a string or an array, parsed to a list
      if (aud == null || !aud.contains(audience)) {
        throw Refused.of(Reason.WRONG_AUDIENCE);
      }
    }
    UserId userId;
    if (!(claims.getClaim("sub") instanceof String sub) || sub.isBlank()) {
      throw Refused.of(Reason.MISSING_SUBJECT);
    }
    try {
      userId = UserId.of(sub);
    } catch (DomainException e) {
      throw Refused.of(Reason.INVALID_SUBJECT);
    }
    Object rawCompany = claims.getClaim("companyId");
    if (rawCompany == null) {
      throw Refused.of(Reason.MISSING_COMPANY);
    }
    CompanyId companyId;
    try {
      companyId = CompanyId.of((String) rawCompany);
    } catch (DomainException | ClassCastException e) {
      throw Refused.of(Reason.INVALID_COMPANY);
    }
    Set<Role> roles = roles(claims);

    Map<String, Object> all = claims.getClaims();
    Map<String, Object> rest = new HashMap<>();
    for (Map.Entry<String, Object> e : all.entrySet()) {
      if (!CONSUMED_CLAIMS.contains(e.getKey())) {
        Object v = plain(e.getValue(), 0);
        if (v != null) {
          rest.put(e.getKey(), v);
        }
      }
    }
    return new VerifiedToken(userId, companyId, roles, expiresAt, rest);
  }

  private Set<Role> roles(JWTClaimsSet claims) throws Refused {
    Object raw = claims.getClaim("roles");
    if (raw == null) {
      raw = claims.getClaim("role");
    }
    Collection<?> names;
    if (raw == null) {
      throw Refused.of(Reason.MISSING_ROLES);
    } else if (raw instanceof String s) {
      names = List.of(s);
    } else if (raw instanceof List<?> list) {
      names = list;
    } else {
      throw Refused.of(Reason.INVALID_ROLES);
    }
    if (names.isEmpty()) {
      throw Refused.of(Reason.MISSING_ROLES);
    }
    Set<Role> roles = new HashSet<>();
    for (Object name : names) {
      if (!(name instanceof String s)) {
        throw Refused.of(Reason.INVALID_ROLES);
      }
      Role role;
      try {
        role = Role.of(s);
      } catch (DomainException e) {
        throw Refused.of(Reason.UNKNOWN_ROLE);
      }
      if (!roleCatalog.contains(role)) {
        throw Refused.of(Reason.UNKNOWN_ROLE);
      }
      roles.add(role);
    }
    return roles;
  }

  /** Converts a parsed JSON value to plain, immutable Java values; nulls are dropped. */
  private static Object plain(Object value, int depth) throws Refused {
    if (value == null || value instanceof String || value instanceof Boolean) {
      return value;
    }
    if (value instanceof Number n) {
      return n;
    }
    if (depth >= MAX_CLAIM_DEPTH) {
      throw Refused.of(Reason.MALFORMED);
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        Object v = plain(e.getValue(), depth + 1);
        if (v != null && e.getKey() != null) {
          copy.put(e.getKey().toString(), v);
        }
      }
      return Collections.unmodifiableMap(copy);
    }
    if (value instanceof Collection<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      for (Object o : list) {
        Object v = plain(o, depth + 1);
        if (v != null) {
          copy.add(v);
        }
      }
      return Collections.unmodifiableList(copy);
    }
    if (value instanceof Date d) {
      return d.getTime() / 1000; // back to NumericDate seconds
    }
    return value.toString();
  }

  private static boolean isBase64Url(char c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '_';
  }

  /**
   * True for {@code refresh}, {@code refresh_token} and {@code refresh+...} (any case): the ways
   * identity providers mark refresh tokens.
   */
  private static boolean isRefresh(String value) {
    String v = value.strip().toLowerCase(Locale.ROOT);
    return v.equals("refresh") || v.equals("refresh_token") || v.startsWith("refresh+");
  }

  /** RFC 7515 4.1.9: compare case-insensitively, with the {@code application/} prefix omitted. */
  private static String normaliseType(String typ) {
    String t = typ.strip().toLowerCase(Locale.ROOT);
    return t.startsWith("application/") ? t.substring("application/".length()) : t;
  }

  // ---------------------------------------------------------------------------------------------

  private enum Kind {
    HMAC,
    JWK_FILE,
    JWK_URL
  }

  /** Where the verification keys come from. */
  private interface Keys {
    /** Returns normally when the signature verifies, else throws the reason. */
    void verify(SignedJWT jwt) throws Refused;
  }

  /** One shared secret, one reusable MAC verifier. */
  private static final class HmacKeys implements Keys {
    private final JWSVerifier verifier;

    HmacKeys(byte[] secret) {
      try {
        this.verifier = new MACVerifier(secret);
      } catch (JOSEException e) {
        throw new IllegalArgumentException("unusable HMAC secret: " + e.getMessage(), e);
      }
    }

    @Override
    public void verify(SignedJWT jwt) throws Refused {
      boolean ok;
      try {
        ok = jwt.verify(verifier);
      } catch (JOSEException e) {
        ok = false;
      }
      if (!ok) {
        throw Refused.of(Reason.INVALID_SIGNATURE);
      }
    }
  }

  /** A (possibly remote, cached) JWK set; one verifier per key, built on first use. */
  private static final class JwkKeys implements Keys {
    private final JWKSource<SecurityContext> source;
    private static final long WARN_INTERVAL_NANOS = 60_000_000_000L;
    private final Map<JWK, JWSVerifier> verifiers = new ConcurrentHashMap<>();
    private final AtomicLong lastWarning = new AtomicLong();

    JwkKeys(JWKSource<SecurityContext> source) {
      this.source = source;
    }

    @Override
    public void verify(SignedJWT jwt) throws Refused {
      JWSHeader header = jwt.getHeader();
      JWKMatcher matcher = JWKMatcher.forJWSHeader(header);
      if (matcher == null) {
        throw Refused.of(Reason.ALGORITHM_NOT_ALLOWED);
      }
      List<JWK> candidates;
      try {
        candidates = source.get(new JWKSelector(matcher), null);
      } catch (RateLimitReachedException e) {
        // a key-id miss asked for a refresh too soon after the last one
        throw Refused.of(Reason.UNKNOWN_KEY);
      } catch (KeySourceException e) {
        warnUnavailable(e);
        throw Refused.of(Reason.KEYS_UNAVAILABLE);
      }
      if (candidates == null || candidates.isEmpty()) {
        throw Refused.of(Reason.UNKNOWN_KEY);
      }
      for (JWK jwk : candidates) {
        JWSVerifier verifier = verifierFor(jwk);
        try {
          if (verifier != null && jwt.verify(verifier)) {
            return;
          }
        } catch (JOSEException | IllegalStateException e) {
          // try the next key
        }
      }
      throw Refused.of(Reason.INVALID_SIGNATURE);
    }

    /** Logs an unreachable key set at WARN, at most once a minute (the reason, never a token). */
    private void warnUnavailable(KeySourceException e) {
      long now = System.nanoTime();
      long last = lastWarning.get();
      if ((now - last > WARN_INTERVAL_NANOS || last == 0) && lastWarning.compareAndSet(last, now)) {
        LOG.warn("JWK set unavailable, tokens are refused: {}", e.getMessage());
      } else {
        LOG.debug("JWK set unavailable: {}", e.getMessage());
      }
    }

    private JWSVerifier verifierFor(JWK jwk) {
      JWSVerifier cached = verifiers.get(jwk);
      if (cached != null) {
        return cached;
      }
      JWSVerifier created;
      try {
        if (jwk instanceof RSAKey rsa) {
          created = new RSASSAVerifier(rsa.toRSAPublicKey());
        } else if (jwk instanceof ECKey ec) {
          created = new ECDSAVerifier(ec.toECPublicKey());
        } else {
          return null;
        }
      } catch (JOSEException e) {
        LOG.debug("unusable key in JWK set: {}", e.getClass().getName());
        return null;
      }
      if (verifiers.size() >= MAX_CACHED_VERIFIERS) {
        verifiers.clear(); // keys rotated many times: start over
      }
      verifiers.put(jwk, created);
      return created;
    }
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
      this.allowedAlgorithms = kind == Kind.HMAC ? HMAC_ALGORITHMS : ASYMMETRIC_ALGORITHMS;
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
      Set<JWSAlgorithm> family = kind == Kind.HMAC ? HMAC_ALGORITHMS : ASYMMETRIC_ALGORITHMS;
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
     * The required JOSE header {@code typ}, for example {@code "JWT"} or {@code "at+jwt"},
     * compared case-insensitively with any {@code application/} prefix ignored. Default: none (not
     * checked; refresh types are refused in any case).
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
     * @throws IllegalArgumentException when the JWK set file is not a JWK set with at least one
     *     RSA or EC key, or the URL is not a valid URL
     * @return the immutable, thread-safe verifier
     */
    public JwtTokenVerifier build() {
      return new JwtTokenVerifier(this, keys());
    }

    private Keys keys() {
      switch (kind) {
        case HMAC:
          return new HmacKeys(secret);
        case JWK_FILE:
          return new JwkKeys(new ImmutableJWKSet<>(loadFile()));
        case JWK_URL:
        default:
          try {
            long ttl = jwkSetCacheTtl.toMillis();
            JWKSource<SecurityContext> source =
                JWKSourceBuilder.<SecurityContext>create(
                        url.toURL(), new DefaultResourceRetriever(2_000, 2_000, 256 * 1024))
                    .cache(ttl, JWKSourceBuilder.DEFAULT_CACHE_REFRESH_TIMEOUT)
                    .refreshAheadCache(Math.min(JWKSourceBuilder.DEFAULT_REFRESH_AHEAD_TIME, ttl / 2), false)
                    .rateLimited(JWKSourceBuilder.DEFAULT_RATE_LIMIT_MIN_INTERVAL)
                    .build();
            return new JwkKeys(source);
          } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid JWK set URL", e);
          }
      }
    }

    private JWKSet loadFile() {
      JWKSet set;
      try {
        set = JWKSet.load(file.toFile()).toPublicJWKSet();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the JWK set file " + file, e);
      } catch (java.text.ParseException e) {
        throw new IllegalArgumentException("the file " + file + " is not a JWK set", e);
      }
      boolean usable =
          set.getKeys().stream().anyMatch(k -> k instanceof RSAKey || k instanceof ECKey);
      if (!usable) {
        throw new IllegalArgumentException("the JWK set file " + file + " has no RSA or EC key");
      }
      return set;
    }

    private static String nonBlankOrNull(String value, String what) {
      if (value != null && value.isBlank()) {
        throw new IllegalArgumentException(what + " must not be blank (use null to not check it)");
      }
      return value;
    }
  }
}
