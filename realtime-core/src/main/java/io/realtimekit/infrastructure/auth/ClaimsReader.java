package io.realtimekit.infrastructure.auth;

import com.nimbusds.jwt.JWTClaimsSet;
import io.realtimekit.application.port.VerifiedToken;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.DomainException;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.RoleCatalog;
import io.realtimekit.domain.UserId;
import io.realtimekit.infrastructure.auth.TokenRefusal.Reason;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the identity a verified token carries: its subject, company, roles and remaining claims.
 *
 * <p>Contract: only called on claims whose signature, expiry, issuer and audience have already been
 * checked. {@code sub} must be a valid {@link UserId}, {@code companyId} a valid (UUID) {@link
 * CompanyId}, and {@code roles} (or {@code role} as an alias, a string or an array of strings) must
 * name at least one role, all of the configured {@link RoleCatalog}; otherwise the matching reason
 * is thrown. The claims not consumed by the verifier are converted to plain, immutable Java values
 * (strings, booleans, numbers, maps, lists; dates back to NumericDate seconds; nulls dropped),
 * nested at most 16 deep, deeper being {@code MALFORMED}. Immutable and thread-safe.
 */
final class ClaimsReader {
  /** Claims mapped to {@link VerifiedToken} fields or checked here, so not copied to its claims. */
  private static final Set<String> CONSUMED_CLAIMS =
      Set.of("sub", "companyId", "roles", "role", "exp", "nbf", "iat", "iss", "aud", "jti");

  private static final int MAX_CLAIM_DEPTH = 16;

  private final RoleCatalog roleCatalog;

  /**
   * A reader accepting the roles of {@code roleCatalog}.
   *
   * @param roleCatalog the roles a token may carry
   */
  ClaimsReader(RoleCatalog roleCatalog) {
    this.roleCatalog = roleCatalog;
  }

  /**
   * The {@code sub} claim.
   *
   * @param claims the token's claims
   * @return the user
   * @throws TokenRefusal {@code MISSING_SUBJECT} or {@code INVALID_SUBJECT}
   */
  UserId subject(JWTClaimsSet claims) throws TokenRefusal {
    if (!(claims.getClaim("sub") instanceof String sub) || sub.isBlank()) {
      throw TokenRefusal.of(Reason.MISSING_SUBJECT);
    }
    try {
      return UserId.of(sub);
    } catch (DomainException e) {
      throw TokenRefusal.of(Reason.INVALID_SUBJECT);
    }
  }

  /**
   * The {@code companyId} claim.
   *
   * @param claims the token's claims
   * @return the company
   * @throws TokenRefusal {@code MISSING_COMPANY} or {@code INVALID_COMPANY}
   */
  CompanyId companyId(JWTClaimsSet claims) throws TokenRefusal {
    Object rawCompany = claims.getClaim("companyId");
    if (rawCompany == null) {
      throw TokenRefusal.of(Reason.MISSING_COMPANY);
    }
    try {
      return CompanyId.of((String) rawCompany);
    } catch (DomainException | ClassCastException e) {
      throw TokenRefusal.of(Reason.INVALID_COMPANY);
    }
  }

  /**
   * The {@code roles} claim, or {@code role} when there is no {@code roles}.
   *
   * @param claims the token's claims
   * @return at least one role, all of the catalog
   * @throws TokenRefusal {@code MISSING_ROLES}, {@code INVALID_ROLES} or {@code UNKNOWN_ROLE}
   */
  Set<Role> roles(JWTClaimsSet claims) throws TokenRefusal {
    Object raw = claims.getClaim("roles");
    if (raw == null) {
      raw = claims.getClaim("role");
    }
    Collection<?> names;
    if (raw == null) {
      throw TokenRefusal.of(Reason.MISSING_ROLES);
    } else if (raw instanceof String s) {
      names = List.of(s);
    } else if (raw instanceof List<?> list) {
      names = list;
    } else {
      throw TokenRefusal.of(Reason.INVALID_ROLES);
    }
    if (names.isEmpty()) {
      throw TokenRefusal.of(Reason.MISSING_ROLES);
    }
    Set<Role> roles = new HashSet<>();
    for (Object name : names) {
      if (!(name instanceof String s)) {
        throw TokenRefusal.of(Reason.INVALID_ROLES);
      }
      Role role;
      try {
        role = Role.of(s);
      } catch (DomainException e) {
        throw TokenRefusal.of(Reason.UNKNOWN_ROLE);
      }
      if (!roleCatalog.contains(role)) {
        throw TokenRefusal.of(Reason.UNKNOWN_ROLE);
      }
      roles.add(role);
    }
    return roles;
  }

  /**
   * The claims not mapped to {@link VerifiedToken} fields nor checked by the verifier, as plain
   * Java values.
   *
   * @param claims the token's claims
   * @return a new mutable map of the remaining claims, null values dropped
   * @throws TokenRefusal {@code MALFORMED} when a value is nested too deep
   */
  Map<String, Object> otherClaims(JWTClaimsSet claims) throws TokenRefusal {
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
    return rest;
  }

  /** Converts a parsed JSON value to plain, immutable Java values; nulls are dropped. */
  private static Object plain(Object value, int depth) throws TokenRefusal {
    if (value == null || value instanceof String || value instanceof Boolean) {
      return value;
    }
    if (value instanceof Number n) {
      return n;
    }
    if (depth >= MAX_CLAIM_DEPTH) {
      throw TokenRefusal.of(Reason.MALFORMED);
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
}
