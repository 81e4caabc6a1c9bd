package io.realtimekit.domain;

import java.util.Set;

/**
 * The visitor visibility rule, once for the whole library: visitors do not see each other. A user
 * whose only role is {@link Role#VISITOR} (see {@link Role#isOnlyVisitor(Set)}) does not see
 * another such user in presence lists and diffs; it always sees itself, and every other user sees
 * everyone of its company.
 */
public final class PresenceVisibility {
  private PresenceVisibility() {}

  /**
   * Whether {@code viewer}, holding {@code viewerRoles}, may see {@code subject}, holding {@code
   * subjectRoles} (both of one company).
   */
  public static boolean sees(
      UserId viewer, Set<Role> viewerRoles, UserId subject, Set<Role> subjectRoles) {
    return !Role.isOnlyVisitor(viewerRoles)
        || !Role.isOnlyVisitor(subjectRoles)
        || viewer.equals(subject);
  }
}
