package io.realtimekit.application.port;

import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.DomainException;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The identity a {@link TokenVerifier} vouches for.
 *
 * @param userId the token's {@code sub}
 * @param companyId the token's {@code companyId} claim
 * @param roles the token's {@code roles} (or {@code role}) claim, never empty
 * @param expiresAt the token's {@code exp}; the connection is closed with 4408 at that instant
 *     unless refreshed
 * @param claims the other claims, for host code (for example {@code maxChats}); immutable
 */
public record VerifiedToken(
    UserId userId,
    CompanyId companyId,
    Set<Role> roles,
    Instant expiresAt,
    Map<String, Object> claims) {
  /** Validates and copies. */
  public VerifiedToken {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(companyId, "companyId");
    Objects.requireNonNull(expiresAt, "expiresAt");
    if (roles == null || roles.isEmpty()) {
      throw DomainException.invalid("a token needs at least one role");
    }
    roles = Set.copyOf(roles);
    claims = claims == null ? Map.of() : Map.copyOf(claims);
  }
}
