package io.realtimekit.application;

import io.realtimekit.domain.DomainException;
import java.util.regex.Pattern;

/**
 * Validation shared by the command records of every feature: a required field, a host event name.
 * Failures are {@link DomainException}s with a clear message.
 */
public final class Checks {
  private static final Pattern EVENT_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9:._-]{0,63}");

  private Checks() {}

  /**
   * {@code type} when it is a valid event name (1 to 64 letters, digits, ':', '.', '_' or '-',
   * starting with a letter).
   */
  public static String eventName(String type) {
    if (type == null || !EVENT_NAME.matcher(type).matches()) {
      throw DomainException.invalid(
          "notification type must be 1 to 64 letters, digits, ':', '.', '_' or '-', starting with a letter");
    }
    return type;
  }

  /** {@code value} when it is not null; {@code name} is the field named in the error. */
  public static <T> T required(T value, String name) {
    if (value == null) {
      throw DomainException.invalid(name + " is required");
    }
    return value;
  }
}
