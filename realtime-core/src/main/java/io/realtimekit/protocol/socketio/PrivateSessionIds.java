package io.realtimekit.protocol.socketio;

import io.realtimekit.protocol.SessionResumption;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Socket.IO's private session ids and offsets, bound to a user's event stream. Thread-safe.
 *
 * <ul>
 *   <li>A pid is {@code <sid>.<start>.<mac>}: the public session id it continues, the stream offset
 *       its state starts after, and an HMAC-SHA256 (truncated to 128 bits, URL-safe base64) of
 *       (company, user, sid, start) keyed by the stream's epoch. The epoch is a random value only
 *       the stream store and the user's own sockets know, shared by every node: a pid verifies on
 *       any node of the cluster as long as the stream's history lives, and never once the epoch
 *       changed; a pid of another user, or one made up, does not verify. No server state is kept
 *       per pid.
 *   <li>An offset text is {@code <offset>.<tag>}: the stream offset, and a tag of the epoch (6
 *       characters of another HMAC keyed by it, which does not reveal it), so that an offset the
 *       client kept from an earlier epoch is recognised as such.
 * </ul>
 */
public final class PrivateSessionIds implements SessionResumption {
  private static final int MAC_CHARS = 22;
  private static final int TAG_CHARS = 6;
  private static final int MAX_SID_CHARS = 64;
  private static final int MAX_DIGITS = 18;
  private static final int TAG_CACHE = 10_000;
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final Map<String, String> tags = new ConcurrentHashMap<>();

  /** A new instance (its only state is a bounded cache of epoch tags). */
  public PrivateSessionIds() {}

  @Override
  public String issue(String epoch, String companyId, String userId, String sid, long start) {
    if (!isSid(sid) || start < 0) {
      throw new IllegalArgumentException(
          "sid must be 1 to 64 URL-safe characters and start at least 0");
    }
    return sid + "." + start + "." + mac(epoch, companyId, userId, sid, start);
  }

  @Override
  public Optional<Resumed> verify(String pid, String epoch, String companyId, String userId) {
    if (pid == null || pid.length() > MAX_SID_CHARS + MAX_DIGITS + MAC_CHARS + 2) {
      return Optional.empty();
    }
    int a = pid.indexOf('.');
    int b = a < 0 ? -1 : pid.indexOf('.', a + 1);
    if (b < 0) {
      return Optional.empty();
    }
    String sid = pid.substring(0, a);
    OptionalLong start = number(pid.substring(a + 1, b));
    if (!isSid(sid) || start.isEmpty()) {
      return Optional.empty();
    }
    byte[] given = pid.substring(b + 1).getBytes(StandardCharsets.US_ASCII);
    byte[] expected =
        mac(epoch, companyId, userId, sid, start.getAsLong()).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(given, expected)
        ? Optional.of(new Resumed(sid, start.getAsLong()))
        : Optional.empty();
  }

  @Override
  public String offsetText(String epoch, long offset) {
    return offset + "." + tag(epoch);
  }

  @Override
  public OptionalLong offset(String text, String epoch) {
    int dot = text == null ? -1 : text.indexOf('.');
    OptionalLong n = dot < 0 ? OptionalLong.empty() : number(text.substring(0, dot));
    String tag = dot < 0 ? "" : text.substring(dot + 1);
    if (n.isEmpty() || tag.length() != TAG_CHARS || !isSid(tag)) {
      throw new IllegalArgumentException("an offset is <digits>.<6 characters>");
    }
    return tag.equals(tag(epoch)) ? n : OptionalLong.empty();
  }

  private String tag(String epoch) {
    String t = tags.get(epoch);
    if (t == null) {
      t = hmac(epoch, "realtimekit socket.io offset").substring(0, TAG_CHARS);
      if (tags.size() >= TAG_CACHE) {
        tags.clear(); // bounded: at worst recomputed
      }
      tags.put(epoch, t);
    }
    return t;
  }

  private static String mac(String epoch, String companyId, String userId, String sid, long start) {
    String message =
        "realtimekit socket.io pid\n" + companyId + "\n" + userId + "\n" + sid + "\n" + start;
    return hmac(epoch, message).substring(0, MAC_CHARS);
  }

  private static String hmac(String key, String message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return B64.encodeToString(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  private static boolean isSid(String s) {
    if (s == null || s.isEmpty() || s.length() > MAX_SID_CHARS) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static OptionalLong number(String s) {
    if (s.isEmpty() || s.length() > MAX_DIGITS) {
      return OptionalLong.empty();
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return OptionalLong.empty();
      }
    }
    return OptionalLong.of(Long.parseLong(s));
  }
}
