package io.realtimekit.domain.event;

import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import java.util.Objects;

/** Who a notification is for. Always inside one company. */
public sealed interface NotificationTarget {

  /** The id of the aggregate the notification concerns. */
  String aggregateId(CompanyId companyId);

  /**
   * Every socket of one user.
   *
   * @param userId the user
   */
  record User(UserId userId) implements NotificationTarget {
    /** Requires the user. */
    public User {
      Objects.requireNonNull(userId, "userId");
    }

    @Override
    public String aggregateId(CompanyId companyId) {
      return userId.value();
    }
  }

  /**
   * Every user holding a role in the company.
   *
   * @param role the role
   */
  record WithRole(Role role) implements NotificationTarget {
    /** Requires the role. */
    public WithRole {
      Objects.requireNonNull(role, "role");
    }

    @Override
    public String aggregateId(CompanyId companyId) {
      return companyId.toString();
    }
  }

  /** Every user of the company. */
  record Company() implements NotificationTarget {
    @Override
    public String aggregateId(CompanyId companyId) {
      return companyId.toString();
    }
  }
}
