package io.realtimekit.domain;

import java.util.UUID;

/**
 * The tenant: every user belongs to exactly one company, and nothing of one company ever reaches
 * another.
 *
 * @param value the company's UUID
 */
public record CompanyId(UUID value) {
  /** Rejects null. */
  public CompanyId {
    if (value == null) {
      throw DomainException.invalid("companyId must not be null");
    }
  }

  /**
   * Parses the canonical UUID form ({@code 8-4-4-4-12} hex digits).
   *
   * @throws DomainException when {@code value} is not a UUID
   */
  public static CompanyId of(String value) {
    if (value == null || value.length() != 36) {
      throw DomainException.invalid("companyId must be a UUID");
    }
    try {
      UUID uuid = UUID.fromString(value);
      if (!uuid.toString().equalsIgnoreCase(value)) {
        throw DomainException.invalid("companyId must be a UUID");
      }
      return new CompanyId(uuid);
    } catch (IllegalArgumentException e) {
      throw DomainException.invalid("companyId must be a UUID");
    }
  }

  /**
   * Shorthand for {@code new CompanyId(uuid)}.
   *
   * @throws DomainException when {@code value} is null
   */
  public static CompanyId of(UUID value) {
    return new CompanyId(value);
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
