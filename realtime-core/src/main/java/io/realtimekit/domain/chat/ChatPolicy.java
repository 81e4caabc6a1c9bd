package io.realtimekit.domain.chat;

import io.realtimekit.domain.Role;

/**
 * Decides whether one user may send a direct message (or a typing indicator) to another of the same
 * company. Messages across companies are refused before any policy is asked.
 *
 * <p>Contract: pure and fast (it runs on every message); a refusal becomes {@code FORBIDDEN}.
 */
@FunctionalInterface
public interface ChatPolicy {

  /** Whether {@code sender} may message {@code receiver}. */
  boolean allows(ChatParticipant sender, ChatParticipant receiver);

  /**
   * The default rules: commercials, admins and host-defined roles may message anyone of their
   * company; a visitor may message the commercials and admins of its company, and, while assignment
   * is on, among commercials only the one it is assigned to; a visitor never messages another
   * visitor.
   *
   * @param assignmentOn whether visitors are assigned to commercials
   */
  static ChatPolicy standard(boolean assignmentOn) {
    return (sender, receiver) -> {
      if (!sender.isOnlyVisitor()) {
        return true;
      }
      if (receiver.hasRole(Role.ADMIN)) {
        return true;
      }
      if (!receiver.hasRole(Role.COMMERCIAL)) {
        return false;
      }
      return !assignmentOn
          || sender.assignedCommercial().map(receiver.userId()::equals).orElse(false);
    };
  }
}
