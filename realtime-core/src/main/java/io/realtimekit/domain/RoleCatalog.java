package io.realtimekit.domain;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The roles a deployment accepts: the three built-in ones plus those the host application adds. A
 * token or command naming a role outside the catalog is refused.
 *
 * @param roles the accepted roles (immutable)
 */
public record RoleCatalog(Set<Role> roles) {
  /** Copies and validates. */
  public RoleCatalog {
    if (roles == null || roles.isEmpty()) {
      throw DomainException.invalid("a role catalog needs at least one role");
    }
    roles = Set.copyOf(roles);
  }

  /** The built-in catalog: visitor, commercial, admin. */
  public static RoleCatalog builtIn() {
    return new RoleCatalog(Set.of(Role.VISITOR, Role.COMMERCIAL, Role.ADMIN));
  }

  /** The built-in roles plus {@code extra}. */
  public static RoleCatalog builtInPlus(Collection<Role> extra) {
    Set<Role> all = new LinkedHashSet<>(builtIn().roles());
    all.addAll(extra);
    return new RoleCatalog(all);
  }

  /** Parses a role name and checks that it is in the catalog. */
  public Role parse(String name) {
    Role role = Role.of(name);
    if (!roles.contains(role)) {
      throw DomainException.invalid("unknown role: " + role.name());
    }
    return role;
  }

  /** True when {@code role} is accepted. */
  public boolean contains(Role role) {
    return roles.contains(role);
  }
}
