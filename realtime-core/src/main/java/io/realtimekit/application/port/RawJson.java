package io.realtimekit.application.port;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.util.Objects;

/**
 * A payload already written as JSON text, passed through by {@link JsonEncoder} as is. Used on
 * hot paths where building a small object by hand is cheaper than serialising one.
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
    return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
  }
}
