package io.realtimekit.domain;

/**
 * Identifies a user (visitor, commercial, admin) across the whole deployment: the JWT {@code sub}.
 *
 * @param value 1 to 128 characters, no whitespace or control characters
 */
public record UserId(String value) {
  /** Maximum length of a user id. */
  public static final int MAX_LENGTH = 128;

  /** Validates the shape; throws {@link DomainException} with a clear message otherwise. */
  public UserId {
    Ids.requireId("userId", value, MAX_LENGTH);
  }

  /** Shorthand for {@code new UserId(value)}. */
  public static UserId of(String value) {
    return new UserId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
