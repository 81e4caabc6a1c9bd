package io.realtimekit.application.command;

import io.realtimekit.domain.DomainException;
import java.util.regex.Pattern;

/** Validation shared by the command records. */
final class Checks {
  private static final Pattern EVENT_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9:._-]{0,63}");

  private Checks() {}

  static String eventName(String type) {
    if (type == null || !EVENT_NAME.matcher(type).matches()) {
      throw DomainException.invalid(
          "notification type must be 1 to 64 letters, digits, ':', '.', '_' or '-', starting with a letter");
    }
    return type;
  }

  static <T> T required(T value, String name) {
    if (value == null) {
      throw DomainException.invalid(name + " is required");
    }
    return value;
  }

}
