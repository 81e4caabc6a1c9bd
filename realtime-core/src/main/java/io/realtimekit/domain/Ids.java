package io.realtimekit.domain;

/** Shared validation for string identifiers. */
final class Ids {
  private Ids() {}

  static String requireId(String what, String value, int maxLength) {
    if (value == null || value.isBlank()) {
      throw DomainException.invalid(what + " must not be blank");
    }
    if (value.length() > maxLength) {
      throw DomainException.invalid(what + " must be at most " + maxLength + " characters");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c) || Character.isWhitespace(c)) {
        throw DomainException.invalid(what + " must not contain whitespace or control characters");
      }
    }
    return value;
  }
}
