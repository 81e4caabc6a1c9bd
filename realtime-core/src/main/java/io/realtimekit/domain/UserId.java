package io.realtimekit.domain;

import java.util.Optional;
import java.util.UUID;

/**
 * Identifies a user (visitor, commercial, admin). What the value holds depends on the node's {@link
 * UserIdScope}: with {@link UserIdScope#GLOBAL} (the default) it is the JWT {@code sub} as is, one
 * id across the whole deployment; with {@link UserIdScope#PER_COMPANY} it is the company and the
 * {@code sub} together, {@code <companyId>/<sub>} ({@link #of(CompanyId, String)}), so that two
 * companies may each have a user {@code u-1}.
 *
 * @param value 1 to 128 characters, no whitespace or control characters
 */
public record UserId(String value) {
  /** Maximum length of a user id. */
  public static final int MAX_LENGTH = 128;

  /** Length of a company qualifier: a UUID and a slash. */
  private static final int QUALIFIER_LENGTH = 37;

  /**
   * Maximum length of the {@code sub} part of a company-qualified id (91, so that the whole id fits
   * {@link #MAX_LENGTH}).
   */
  public static final int MAX_SUBJECT_LENGTH = MAX_LENGTH - QUALIFIER_LENGTH;

  /** Validates the shape; throws {@link DomainException} with a clear message otherwise. */
  public UserId {
    Ids.requireId("userId", value, MAX_LENGTH);
  }

  /** Shorthand for {@code new UserId(value)}. */
  public static UserId of(String value) {
    return new UserId(value);
  }

  /**
   * The company-qualified id {@code <companyId>/<subject>}: the id of user {@code subject} of
   * {@code company} under {@link UserIdScope#PER_COMPANY}.
   *
   * @throws DomainException when {@code subject} is blank, has whitespace or control characters, or
   *     is longer than {@link #MAX_SUBJECT_LENGTH}
   */
  public static UserId of(CompanyId company, String subject) {
    if (company == null) {
      throw DomainException.invalid("companyId must not be null");
    }
    Ids.requireId("userId", subject, MAX_SUBJECT_LENGTH);
    return new UserId(company + "/" + subject);
  }

  /**
   * The company this id names when it has the qualified form {@code <companyId>/<subject>}
   * (lower-case UUID, then a slash); empty otherwise.
   */
  public Optional<CompanyId> company() {
    if (value.length() <= QUALIFIER_LENGTH || value.charAt(QUALIFIER_LENGTH - 1) != '/') {
      return Optional.empty();
    }
    String prefix = value.substring(0, QUALIFIER_LENGTH - 1);
    try {
      UUID uuid = UUID.fromString(prefix);
      return uuid.toString().equals(prefix) ? Optional.of(new CompanyId(uuid)) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * The part after the company of a qualified id (the token's {@code sub}); the value otherwise.
   */
  public String subject() {
    return company().isPresent() ? value.substring(QUALIFIER_LENGTH) : value;
  }

  @Override
  public String toString() {
    return value;
  }
}
