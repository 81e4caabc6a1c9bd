package io.realtimekit.bench.server;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The least work for the same exchange as realtimekit's, on a raw Jakarta endpoint:
 *
 * <ul>
 *   <li>first frame {@code {"type":"connect","token":"<HS256 JWT>"}}: the signature is checked with
 *       one HMAC-SHA256, {@code sub}, {@code companyId} and the commercial role are read off the
 *       payload by string search, the socket is indexed by user id, {@code connected} is sent;
 *   <li>{@code chat:message}: the receiver is found by the {@code "to"} field, the frame is
 *       forwarded verbatim, and {@code {"reply":<id>,"ok":true}} goes back to the sender;
 *   <li>a notification ({@code /bench/notify}): the same text to every commercial of the company.
 * </ul>
 *
 * <p>No JSON parsing, no validation, no rate limit, no presence: a floor, not a competitor.
 */
public final class BaselineEndpoint extends Endpoint {
  /** What every socket of the baseline shares. */
  static final class Shared {
    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;
    final Map<String, Session> users = new ConcurrentHashMap<>();
    final Map<String, Set<Session>> commercials = new ConcurrentHashMap<>();
    final AtomicInteger open = new AtomicInteger();

    Shared(byte[] secret) {
      this.key = new SecretKeySpec(secret, "HmacSHA256");
      this.macs =
          ThreadLocal.withInitial(
              () -> {
                try {
                  Mac mac = Mac.getInstance("HmacSHA256");
                  mac.init(key);
                  return mac;
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
    }

    int openSockets() {
      return open.get();
    }

    /** The claims JSON of a valid HS256 token, or null. */
    String verify(String token) {
      int a = token.indexOf('.');
      int b = token.lastIndexOf('.');
      if (a <= 0 || b <= a) {
        return null;
      }
      Mac mac = macs.get();
      byte[] expected = mac.doFinal(token.substring(0, b).getBytes(StandardCharsets.US_ASCII));
      byte[] given;
      try {
        given = Base64.getUrlDecoder().decode(token.substring(b + 1));
      } catch (IllegalArgumentException e) {
        return null;
      }
      if (!MessageDigest.isEqual(expected, given)) {
        return null;
      }
      String claims =
          new String(
              Base64.getUrlDecoder().decode(token.substring(a + 1, b)), StandardCharsets.UTF_8);
      long exp = number(claims, "\"exp\":");
      return exp * 1000 > System.currentTimeMillis() ? claims : null;
    }

    int notifyCommercials(String company) {
      Set<Session> sessions = commercials.getOrDefault(company, Set.of());
      String frame = "{\"event\":\"lead:new\",\"data\":{\"lead\":\"bench\"}}";
      int n = 0;
      for (Session s : sessions) {
        send(s, frame);
        n++;
      }
      return n;
    }
  }

  private final Shared shared;
  private Session session;
  private String userId;
  private String companyId;
  private boolean commercial;

  BaselineEndpoint(Shared shared) {
    this.shared = shared;
  }

  @Override
  public void onOpen(Session s, EndpointConfig config) {
    this.session = s;
    shared.open.incrementAndGet();
    s.addMessageHandler(String.class, (MessageHandler.Whole<String>) this::onText);
  }

  private void onText(String text) {
    if (userId == null) {
      connect(text);
      return;
    }
    int to = text.indexOf("\"to\":\"");
    if (to < 0) {
      return;
    }
    int end = text.indexOf('"', to + 6);
    Session receiver = shared.users.get(text.substring(to + 6, end));
    if (receiver != null) {
      send(receiver, text);
    }
    long id = number(text, "\"id\":");
    if (id >= 0) {
      send(
          session,
          receiver != null
              ? "{\"reply\":" + id + ",\"ok\":true}"
              : "{\"reply\":" + id + ",\"ok\":false,\"error\":{\"code\":\"USER_NOT_CONNECTED\"}}");
    }
  }

  private void connect(String text) {
    String claims = null;
    int t = text.indexOf("\"token\":\"");
    if (text.startsWith("{\"type\":\"connect\"") && t > 0) {
      claims = shared.verify(text.substring(t + 9, text.indexOf('"', t + 9)));
    }
    if (claims == null) {
      try {
        session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(4401), "unauthorized"));
      } catch (Exception ignored) {
        // closing anyway
      }
      return;
    }
    userId = string(claims, "\"sub\":\"");
    companyId = string(claims, "\"companyId\":\"");
    commercial = claims.contains("\"commercial\"");
    shared.users.put(userId, session);
    if (commercial) {
      shared
          .commercials
          .computeIfAbsent(companyId, c -> ConcurrentHashMap.newKeySet())
          .add(session);
    }
    send(session, "{\"type\":\"connected\",\"data\":{\"userId\":\"" + userId + "\"}}");
  }

  @Override
  public void onClose(Session s, CloseReason reason) {
    shared.open.decrementAndGet();
    if (userId != null) {
      shared.users.remove(userId, session);
      if (commercial) {
        Set<Session> set = shared.commercials.get(companyId);
        if (set != null) {
          set.remove(session);
        }
      }
    }
  }

  static void send(Session s, String text) {
    try {
      s.getAsyncRemote().sendText(text, result -> {});
    } catch (RuntimeException e) {
      // socket closing: dropped, like realtimekit drops for a closed socket
    }
  }

  static String string(String json, String key) {
    int i = json.indexOf(key);
    if (i < 0) {
      return "";
    }
    int start = i + key.length();
    return json.substring(start, json.indexOf('"', start));
  }

  static long number(String json, String key) {
    int i = json.indexOf(key);
    if (i < 0) {
      return -1;
    }
    long v = 0;
    for (int k = i + key.length(); k < json.length(); k++) {
      char c = json.charAt(k);
      if (c < '0' || c > '9') {
        break;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }
}
