package io.realtimekit.application.clientevent;

import io.realtimekit.application.bus.Registration;
import io.realtimekit.domain.DomainException;
import io.realtimekit.domain.ErrorCode;
import io.realtimekit.domain.UserIdScope;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes client events by name to their one handler, behind its role guard. Thread-safe; a second
 * handler for a name is an error.
 */
public final class ClientEventRouter {
  private static final Logger log = LoggerFactory.getLogger(ClientEventRouter.class);
  private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9:._-]{0,63}");

  private final Map<String, Route> routes = new ConcurrentHashMap<>();
  private final UserIdScope userIds;

  /** An empty router of a node with global user ids. */
  public ClientEventRouter() {
    this(UserIdScope.GLOBAL);
  }

  /**
   * An empty router of a node whose user ids have {@code userIds} scope.
   *
   * @param userIds how the handlers read the user ids clients send ({@link UserIdScope#named})
   */
  public ClientEventRouter(UserIdScope userIds) {
    this.userIds = Objects.requireNonNull(userIds, "userIds");
  }

  /** The scope of the node's user ids: handlers read a user id a client sends with it. */
  public UserIdScope userIds() {
    return userIds;
  }

  private record Route(RoleGuard guard, ClientEventHandler handler) {}

  /**
   * Registers {@code handler} for client events named {@code event}, allowed to callers that {@code
   * guard} accepts.
   *
   * @throws IllegalArgumentException when the name is not a valid event name
   * @throws IllegalStateException when the name already has a handler
   */
  public Registration on(String event, RoleGuard guard, ClientEventHandler handler) {
    Objects.requireNonNull(guard, "guard");
    Objects.requireNonNull(handler, "handler");
    if (event == null || !NAME.matcher(event).matches()) {
      throw new IllegalArgumentException("invalid event name: " + event);
    }
    Route route = new Route(guard, handler);
    if (routes.putIfAbsent(event, route) != null) {
      throw new IllegalStateException("a handler is already registered for client event " + event);
    }
    return () -> routes.remove(event, route);
  }

  /** Whether a handler is registered for {@code event}. */
  public boolean handles(String event) {
    return routes.containsKey(event);
  }

  /**
   * Runs the handler of {@code context.event()}: {@code UNKNOWN_EVENT} when none, {@code FORBIDDEN}
   * when the guard refuses, the handler's answer otherwise. Never throws.
   */
  public void dispatch(ClientEventContext context) {
    Route route = routes.get(context.event());
    if (route == null) {
      context.fail(ErrorCode.UNKNOWN_EVENT, "unknown event: " + context.event());
      return;
    }
    if (!route.guard().allows(context.caller().roles())) {
      context.fail(ErrorCode.FORBIDDEN, "your role may not emit " + context.event());
      return;
    }
    try {
      route.handler().handle(context);
    } catch (DomainException e) {
      context.fail(e.code(), e.getMessage());
    } catch (Exception e) {
      log.error("client event {} failed", context.event(), e);
      context.fail(ErrorCode.INTERNAL, "internal error");
    }
  }
}
