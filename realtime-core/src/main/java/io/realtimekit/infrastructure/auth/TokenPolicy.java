package io.realtimekit.infrastructure.auth;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import io.realtimekit.infrastructure.auth.TokenRefusal.Reason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The configured checks of a {@link JwtTokenVerifier} on a token's JOSE header and registered
 * claims: algorithm allow-list, token type, refresh tokens, expiry, not-before, issuer, audience.
 *
 * <p>Contract: {@link #checkHeader} runs before the signature is checked and refuses an algorithm
 * outside the allow-list (which only ever holds algorithms of the key's family, checked by the
 * builder), a refresh {@code typ} and, when a type is configured, any other {@code typ}; {@link
 * #checkClaims} runs after it and refuses refresh tokens marked in a claim, a missing or past
 * {@code exp}, a future {@code nbf} (both with the clock skew), and, when configured, another
 * {@code iss} or an {@code aud} without the audience. Types are compared as RFC 7515 says. The
 * checks run in that order, so a token failing several gets the first reason. Immutable and
 * thread-safe.
 */
final class TokenPolicy {
  private static final List<String> TYPE_CLAIMS = List.of("typ", "token_type", "token_use", "type");

  private final Set<JWSAlgorithm> allowedAlgorithms;
  private final String issuer;
  private final String audience;
  private final String type;
  private final Duration clockSkew;
  private final Clock clock;

  /**
   * A policy; {@code null} for issuer, audience or type means not checked.
   *
   * @param allowedAlgorithms the algorithms accepted in {@code alg}, all of the key's family
   * @param issuer the exact {@code iss}, or null
   * @param audience an audience {@code aud} must contain, or null
   * @param type the expected header {@code typ}, or null
   * @param clockSkew the tolerance on {@code exp} and {@code nbf}
   * @param clock the clock giving "now"
   */
  TokenPolicy(
      Set<JWSAlgorithm> allowedAlgorithms,
      String issuer,
      String audience,
      String type,
      Duration clockSkew,
      Clock clock) {
    this.allowedAlgorithms = allowedAlgorithms;
    this.issuer = issuer;
    this.audience = audience;
    this.type = type == null ? null : normaliseType(type);
    this.clockSkew = clockSkew;
    this.clock = clock;
  }

  /**
   * Checks the header's algorithm and type.
   *
   * @param header the decoded, not yet trusted header
   * @throws TokenRefusal {@code ALGORITHM_NOT_ALLOWED}, {@code REFRESH} or {@code WRONG_TYPE}
   */
  void checkHeader(JWSHeader header) throws TokenRefusal {
    if (!allowedAlgorithms.contains(header.getAlgorithm())) {
      throw TokenRefusal.of(Reason.ALGORITHM_NOT_ALLOWED);
    }
    JOSEObjectType typ = header.getType();
    if (typ != null && isRefresh(typ.getType())) {
      throw TokenRefusal.of(Reason.REFRESH);
    }
    if (type != null && (typ == null || !type.equals(normaliseType(typ.getType())))) {
      throw TokenRefusal.of(Reason.WRONG_TYPE);
    }
  }

  /**
   * Checks the registered claims of a token whose signature verified.
   *
   * @param claims the token's claims
   * @return when the token expires ({@code exp}, without the skew)
   * @throws TokenRefusal {@code REFRESH}, {@code MISSING_EXPIRY}, {@code EXPIRED}, {@code
   *     NOT_YET_VALID}, {@code WRONG_ISSUER} or {@code WRONG_AUDIENCE}
   */
  Instant checkClaims(JWTClaimsSet claims) throws TokenRefusal {
    for (String name : TYPE_CLAIMS) {
      if (claims.getClaim(name) instanceof String s && isRefresh(s)) {
        throw TokenRefusal.of(Reason.REFRESH);
      }
    }
    Instant now = clock.instant();
    Date exp = claims.getExpirationTime();
    if (exp == null) {
      throw TokenRefusal.of(Reason.MISSING_EXPIRY);
    }
    Instant expiresAt = exp.toInstant();
    if (!now.isBefore(expiresAt.plus(clockSkew))) {
      throw TokenRefusal.of(Reason.EXPIRED);
    }
    Date nbf = claims.getNotBeforeTime();
    if (nbf != null && now.plus(clockSkew).isBefore(nbf.toInstant())) {
      throw TokenRefusal.of(Reason.NOT_YET_VALID);
    }
    if (issuer != null && !issuer.equals(claims.getClaim("iss"))) {
      throw TokenRefusal.of(Reason.WRONG_ISSUER);
    }
    if (audience != null) {
      List<String> aud = claims.getAudience(); // a string or an array, parsed to a list
      if (aud == null || !aud.contains(audience)) {
        throw TokenRefusal.of(Reason.WRONG_AUDIENCE);
      }
    }
    return expiresAt;
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
}
