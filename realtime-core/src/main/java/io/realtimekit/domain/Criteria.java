package io.realtimekit.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * A filter on users for {@link ConnectionRepository#find} and {@link ConnectionRepository#findOne}.
 * Every set field must match (logical AND); an empty criteria matches every user. Built fluently:
 * {@code Criteria.inCompany(c).withRole(Role.COMMERCIAL).connected(true)}.
 *
 * @param userId only this user
 * @param connectionId only the user holding this live connection
 * @param companyId only users of this company
 * @param role only users holding this role
 * @param connected only users with ({@code true}) or without ({@code false}) a live connection
 */
public record Criteria(
    Optional<UserId> userId,
    Optional<ConnectionId> connectionId,
    Optional<CompanyId> companyId,
    Optional<Role> role,
    Optional<Boolean> connected) {

  private static final Criteria ANY =
      new Criteria(
          Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

  /** Requires non-null optionals. */
  public Criteria {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(connectionId, "connectionId");
    Objects.requireNonNull(companyId, "companyId");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(connected, "connected");
  }

  /** Matches every user. */
  public static Criteria any() {
    return ANY;
  }

  /** Matches one user. */
  public static Criteria byUserId(UserId userId) {
    return ANY.andUserId(userId);
  }

  /** Matches the user holding a live connection. */
  public static Criteria byConnectionId(ConnectionId connectionId) {
    return ANY.andConnectionId(connectionId);
  }

  /** Matches the users of a company. */
  public static Criteria inCompany(CompanyId companyId) {
    return ANY.andCompany(companyId);
  }

  /** This criteria restricted to {@code userId}. */
  public Criteria andUserId(UserId id) {
    return new Criteria(Optional.of(id), connectionId, companyId, role, connected);
  }

  /** This criteria restricted to the holder of {@code id}. */
  public Criteria andConnectionId(ConnectionId id) {
    return new Criteria(userId, Optional.of(id), companyId, role, connected);
  }

  /** This criteria restricted to {@code company}. */
  public Criteria andCompany(CompanyId company) {
    return new Criteria(userId, connectionId, Optional.of(company), role, connected);
  }

  /** This criteria restricted to holders of {@code r}. */
  public Criteria withRole(Role r) {
    return new Criteria(userId, connectionId, companyId, Optional.of(r), connected);
  }

  /** This criteria restricted to connected ({@code true}) or disconnected users. */
  public Criteria connected(boolean value) {
    return new Criteria(userId, connectionId, companyId, role, Optional.of(value));
  }

  /** True when {@code user} satisfies every set field. */
  public boolean matches(ConnectionUser user) {
    return userId.map(user.userId()::equals).orElse(true)
        && connectionId.map(id -> user.connection(id).isPresent()).orElse(true)
        && companyId.map(user.companyId()::equals).orElse(true)
        && role.map(user::hasRole).orElse(true)
        && connected.map(c -> c == user.isConnected()).orElse(true);
  }
}
