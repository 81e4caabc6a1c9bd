package io.realtimekit.bench.server;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The baseline's Socket.IO-framed mode (Engine.IO v4 / Socket.IO v5 over WebSocket, at {@code
 * /socket.io/}), doing the least work for the same exchange as realtimekit's Socket.IO endpoint and
 * the Node peer:
 *
 * <ul>
 *   <li>on open, the Engine.IO open packet {@code 0{"sid",..}};
 *   <li>{@code 40{"token":"<HS256 JWT>"}}: one HMAC-SHA256, {@code sub}, {@code companyId} and the
 *       roles read by string search, the socket indexed by user id, {@code 40{"sid":..}} back; a
 *       visitor's connect sends {@code 42["visitor:connected",{"userId":..}]} to the company's
 *       commercials; a bad token gets {@code 44{..}} and the socket is closed;
 *   <li>{@code 42<id>["chat:message",{"to":..,..}]}: the receiver found by the {@code "to"} field,
 *       the event forwarded without its ack id (no {@code id}, {@code from} or {@code sentAt}
 *       added), and {@code 43<id>[{"ok":true}]} back (or {@code USER_NOT_CONNECTED});
 *   <li>no server pings, the client's pongs ignored.
 * </ul>
 *
 * <p>No JSON parsing, no validation, no rate limit, no presence: a floor, not a competitor.
 */
public final class BaselineSocketIoEndpoint extends Endpoint {
  private final BaselineEndpoint.Shared shared;
  private Session session;
  private String userId;
  private String companyId;
  private boolean commercial;

  BaselineSocketIoEndpoint(BaselineEndpoint.Shared shared) {
    this.shared = shared;
  }

  @Override
  public void onOpen(Session s, EndpointConfig config) {
    this.session = s;
    shared.open.incrementAndGet();
    s.addMessageHandler(String.class, (MessageHandler.Whole<String>) this::onText);
    BaselineEndpoint.send(
        s,
        "0{\"sid\":\""
            + s.getId()
            + "\",\"upgrades\":[],\"pingInterval\":25000,\"pingTimeout\":20000,\"maxPayload\":1000000}");
  }

  private void onText(String text) {
    if (userId == null) {
      connect(text);
      return;
    }
    if (!text.startsWith("42")) {
      return; // a pong, or anything else: nothing to do
    }
    int bracket = text.indexOf('[');
    int to = text.indexOf("\"to\":\"");
    if (bracket < 0 || to < 0) {
      return;
    }
    int end = text.indexOf('"', to + 6);
    Session receiver = shared.users.get(text.substring(to + 6, end));
    if (receiver != null) {
      BaselineEndpoint.send(receiver, "42" + text.substring(bracket));
    }
    if (bracket > 2) {
      String id = text.substring(2, bracket);
      BaselineEndpoint.send(
          session,
          receiver != null
              ? "43" + id + "[{\"ok\":true}]"
              : "43" + id + "[{\"ok\":false,\"error\":{\"code\":\"USER_NOT_CONNECTED\"}}]");
    }
  }

  private void connect(String text) {
    String claims = null;
    int t = text.indexOf("\"token\":\"");
    if (text.startsWith("40") && t > 0) {
      claims = shared.verify(text.substring(t + 9, text.indexOf('"', t + 9)));
    }
    if (claims == null) {
      BaselineEndpoint.send(
          session, "44{\"message\":\"unauthorized\",\"data\":{\"code\":\"UNAUTHORIZED\"}}");
      try {
        session.close(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "unauthorized"));
      } catch (Exception ignored) {
        // closing anyway
      }
      return;
    }
    userId = BaselineEndpoint.string(claims, "\"sub\":\"");
    companyId = BaselineEndpoint.string(claims, "\"companyId\":\"");
    commercial = claims.contains("\"commercial\"");
    shared.users.put(userId, session);
    if (commercial) {
      shared
          .commercials
          .computeIfAbsent(companyId, c -> ConcurrentHashMap.newKeySet())
          .add(session);
    }
    BaselineEndpoint.send(session, "40{\"sid\":\"s" + session.getId() + "\"}");
    if (claims.contains("\"visitor\"")) {
      String event = "42[\"visitor:connected\",{\"userId\":\"" + userId + "\"}]";
      for (Session s : shared.commercials.getOrDefault(companyId, Set.of())) {
        BaselineEndpoint.send(s, event);
      }
    }
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
}
