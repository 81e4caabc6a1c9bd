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
      // isSpaceChar adds the no-break spaces (U+00A0, U+2007, U+202F) isWhitespace leaves out
      if (Character.isISOControl(c) || Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        throw DomainException.invalid(what + " must not contain whitespace or control characters");
      }
    }
    return value;
  }
}
