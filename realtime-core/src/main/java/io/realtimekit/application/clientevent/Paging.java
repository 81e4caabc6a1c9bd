package io.realtimekit.application.clientevent;

import com.fasterxml.jackson.databind.JsonNode;
import io.realtimekit.domain.DomainException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The paging of the list replies ({@code presence:list}, {@code assignment:queue}): a {@code limit}
 * (default {@value #DEFAULT_LIMIT}, at most {@value #MAX_LIMIT}) and an opaque {@code cursor} from
 * the previous reply's {@code nextCursor}. A page also stops before its reply would outgrow the
 * frame limit, so no reply is ever too large for its socket.
 */
public final class Paging {
  /** Items per page when the client gives no limit. */
  public static final int DEFAULT_LIMIT = 100;

  /** The most items per page. */
  public static final int MAX_LIMIT = 500;

  /** Room kept in a frame for the envelope of a reply (reply id, ok, the other fields). */
  public static final int ENVELOPE_BYTES = 512;

  private Paging() {}

  /** The {@code limit} of a request: absent is the default, above the maximum is the maximum. */
  public static int limit(JsonNode data) {
    JsonNode n = data != null && data.isObject() ? data.get("limit") : null;
    if (n == null || n.isNull()) {
      return DEFAULT_LIMIT;
    }
    if (!n.canConvertToInt() || !n.isIntegralNumber() || n.intValue() < 1) {
      throw DomainException.invalid(
          "\"limit\" must be a positive integer (at most " + MAX_LIMIT + ")");
    }
    return Math.min(n.intValue(), MAX_LIMIT);
  }

  /** The key a request's {@code cursor} stands for, or null for the first page. */
  public static String cursor(JsonNode data, String kind) {
    JsonNode n = data != null && data.isObject() ? data.get("cursor") : null;
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isTextual()) {
      throw DomainException.invalid("\"cursor\" must be a string from a previous reply");
    }
    String decoded;
    try {
      decoded = new String(Base64.getUrlDecoder().decode(n.textValue()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw DomainException.invalid("\"cursor\" is not a cursor of this list");
    }
    if (!decoded.startsWith(kind + ":")) {
      throw DomainException.invalid("\"cursor\" is not a cursor of this list");
    }
    return decoded.substring(kind.length() + 1);
  }

  /** The opaque cursor for {@code key}. */
  public static String cursorOf(String kind, String key) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((kind + ":" + key).getBytes(StandardCharsets.UTF_8));
  }

  /** The bytes available for a page's items in a frame of {@code maxFrameBytes}. */
  public static int budget(int maxFrameBytes) {
    return maxFrameBytes - Math.min(ENVELOPE_BYTES, maxFrameBytes / 4);
  }

  /** A page that cannot hold even one item: a clear error rather than a reply too large. */
  public static DomainException tooSmall() {
    return DomainException.invalid("the frame limit is too small for one item of this list");
  }

  /**
   * An upper bound of the bytes {@code text} takes as a JSON string (quotes included), in UTF-8.
   */
  public static int jsonBytes(String text) {
    int n = 2;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20) {
        n += 6;
      } else if (c == '"' || c == '\\') {
        n += 2;
      } else if (c < 0x80) {
        n += 1;
      } else {
        n += 6; // 3 in UTF-8, 6 if escaped: count the larger
      }
    }
    return n;
  }
}
