package io.realtimekit.domain;

import java.util.Objects;

/**
 * Whether a user is identified by its id alone or by its company and its id together. Chosen once
 * per deployment ({@code RealtimeBuilder.userIds}); every node of a cluster must use the same.
 *
 * <ul>
 *   <li>{@link #GLOBAL} (the default): the token's {@code sub} is the {@link UserId}, one across
 *       every company. A second company's token with a {@code sub} already online in another
 *       company is refused as an invalid subject (close 4401).
 *   <li>{@link #PER_COMPANY}: the user is {@code <companyId>/<sub>} ({@link UserId#of(CompanyId,
 *       String)}), so two companies' {@code u-1} are two users. Every id the library shows (frames,
 *       domain events, repositories) is the qualified one; a client may name a user of its own
 *       company by its bare {@code sub}; a host call must pass qualified ids.
 * </ul>
 */
public enum UserIdScope {
  /** One user id across every company: the token's {@code sub} as is. */
  GLOBAL,
  /** A user is its company and its {@code sub} together: {@code <companyId>/<sub>}. */
  PER_COMPANY;

  /**
   * The user a verified token names: {@code subject} itself ({@link #GLOBAL}) or {@code
   * <company>/<subject>} ({@link #PER_COMPANY}).
   *
   * @throws DomainException when the qualified id would be invalid (a {@code sub} over {@link
   *     UserId#MAX_SUBJECT_LENGTH} characters)
   */
  public UserId identify(CompanyId company, UserId subject) {
    Objects.requireNonNull(company, "company");
    Objects.requireNonNull(subject, "subject");
    return this == GLOBAL ? subject : UserId.of(company, subject.value());
  }

  /**
   * The user a client of {@code callerCompany} names with {@code raw} (the {@code to} of {@code
   * chat:message}, a {@code visitorId}): {@code raw} as is, but under {@link #PER_COMPANY} a bare
   * id (one without a company qualifier) is of the caller's company. A qualified id of another
   * company stays what it is: the handlers answer it exactly as an unknown user.
   *
   * @throws DomainException when {@code raw} is not a valid id
   */
  public UserId named(CompanyId callerCompany, String raw) {
    UserId id = UserId.of(raw);
    return this == GLOBAL || id.company().isPresent() ? id : UserId.of(callerCompany, raw);
  }

  /**
   * Checks that the host's {@code userId} fits this scope, for a call about {@code company}:
   * nothing to check under {@link #GLOBAL}; under {@link #PER_COMPANY} the id must be qualified,
   * with {@code company}.
   *
   * @return {@code userId}
   * @throws IllegalArgumentException when it does not fit, saying how to build the right id
   */
  public UserId require(CompanyId company, UserId userId) {
    Objects.requireNonNull(userId, "userId");
    if (this == GLOBAL) {
      return userId;
    }
    CompanyId of =
        userId
            .company()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "user ids are per company (UserIdScope.PER_COMPANY): \""
                            + userId
                            + "\" names no company; use UserId.of(companyId, \""
                            + userId
                            + "\")"));
    if (company != null && !of.equals(company)) {
      throw new IllegalArgumentException(
          "user " + userId + " is of company " + of + ", not of " + company);
    }
    return userId;
  }
}
