package io.realtimekit.domain;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Identifies one live socket of a user. Assigned by the server when the socket is accepted.
 *
 * @param value 1 to 64 characters, no whitespace or control characters
 */
public record ConnectionId(String value) {
  /** Maximum length of a connection id. */
  public static final int MAX_LENGTH = 64;

  private static final SecureRandom RANDOM = new SecureRandom();

  /** Validates the shape; throws {@link DomainException} otherwise. */
  public ConnectionId {
    Ids.requireId("connectionId", value, MAX_LENGTH);
  }

  /** Shorthand for {@code new ConnectionId(value)}. */
  public static ConnectionId of(String value) {
    return new ConnectionId(value);
  }

  /** A new random id: 96 bits, URL-safe base64 (16 characters). */
  public static ConnectionId random() {
    byte[] bytes = new byte[12];
    RANDOM.nextBytes(bytes);
    return new ConnectionId(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
  }

  @Override
  public String toString() {
    return value;
  }
}
