package io.realtimekit.application.clientevent;

import io.realtimekit.domain.Role;
import java.util.List;
import java.util.Set;

/** Decides from the caller's roles whether it may emit an event; a refusal is {@code FORBIDDEN}. */
@FunctionalInterface
public interface RoleGuard {

  /** True when a caller with {@code roles} may emit the event. */
  boolean allows(Set<Role> roles);

  /** Every authenticated caller. */
  static RoleGuard anyone() {
    return roles -> true;
  }

  /** Callers holding at least one of {@code allowed}. */
  static RoleGuard anyOf(Role... allowed) {
    List<Role> list = List.of(allowed);
    if (list.isEmpty()) {
      throw new IllegalArgumentException("anyOf needs at least one role");
    }
    return roles -> {
      for (Role r : list) {
        if (roles.contains(r)) {
          return true;
        }
      }
      return false;
    };
  }
}
