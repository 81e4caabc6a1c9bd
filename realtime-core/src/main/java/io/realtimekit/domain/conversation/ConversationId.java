package io.realtimekit.domain.conversation;

import io.realtimekit.domain.DomainException;
import java.util.Locale;
import java.util.UUID;

/**
 * Identifies a conversation: a UUID in its canonical text form ({@code 8-4-4-4-12} hex digits),
 * kept in lower case.
 *
 * @param value the canonical lower-case UUID text
 */
public record ConversationId(String value) {
  private static final String SHAPE_ERROR = "conversationId must be a UUID (8-4-4-4-12 hex digits)";

  /** Validates the shape; throws {@link DomainException} ({@code INVALID_ARGUMENT}) otherwise. */
  public ConversationId {
    if (value == null || value.length() != 36) {
      throw DomainException.invalid(SHAPE_ERROR);
    }
    try {
      if (!UUID.fromString(value).toString().equalsIgnoreCase(value)) {
        throw DomainException.invalid(SHAPE_ERROR);
      }
    } catch (IllegalArgumentException e) {
      throw DomainException.invalid(SHAPE_ERROR);
    }
    value = value.toLowerCase(Locale.ROOT);
  }

  /** Parses a UUID text; upper-case hex digits are accepted and lowered. */
  public static ConversationId of(String value) {
    return new ConversationId(value);
  }

  /** A new random id. */
  public static ConversationId random() {
    return new ConversationId(UUID.randomUUID().toString());
  }

  @Override
  public String toString() {
    return value;
  }
}
