package io.realtimekit.protocol.json;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.util.Objects;

/**
 * A payload already written as JSON text, passed through as is by the codecs' JSON encoding. Used
 * on hot paths where building a small object by hand is cheaper than serialising one.
 *
 * @param json valid JSON text
 */
public record RawJson(String json) {
  /** Requires the text. */
  public RawJson {
    Objects.requireNonNull(json, "json");
  }

  /** {@code s} as a JSON string literal, quotes included. */
  public static String quote(String s) {
    if (!needsEscaping(s)) {
      return "\"" + s + "\""; // the common case: one copy, no encoder
    }
    return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
  }

  /**
   * Appends {@code s} to {@code out} as a JSON string literal, quotes included; returns {@code
   * out}.
   */
  public static StringBuilder appendQuoted(StringBuilder out, String s) {
    out.append('"');
    if (needsEscaping(s)) {
      JsonStringEncoder.getInstance().quoteAsString(s, out);
    } else {
      out.append(s);
    }
    return out.append('"');
  }

  /**
   * True when {@code s} holds a character JSON strings must escape: a control character, {@code "}
   * or {@code \\}.
   */
  private static boolean needsEscaping(String s) {
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == '"' || c == '\\') {
        return true;
      }
    }
    return false;
  }
}
