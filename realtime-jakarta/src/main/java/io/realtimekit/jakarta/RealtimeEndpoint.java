package io.realtimekit.jakarta;

import io.realtimekit.protocol.CloseCodes;
import io.realtimekit.transport.InboundHandler;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one Jakarta endpoint of realtimekit: a translation of the container's callbacks to the core's
 * {@link InboundHandler}. One instance per connection, created by the configurator of {@link
 * RealtimeEndpointConfig} (deploy it through {@link RealtimeEndpointConfig#serverEndpointConfig()},
 * not by class).
 */
public final class RealtimeEndpoint extends Endpoint {
  private static final Logger log = LoggerFactory.getLogger(RealtimeEndpoint.class);
  private static final String REMOTE_ADDRESS_KEY = "jakarta.websocket.endpoint.remoteAddress";

  private final RealtimeEndpointConfig owner;
  private volatile SessionConnection connection;
  private volatile InboundHandler handler;

  RealtimeEndpoint(RealtimeEndpointConfig owner) {
    this.owner = owner;
  }

  @Override
  public void onOpen(Session session, EndpointConfig config) {
    session.setMaxTextMessageBufferSize(owner.settings().maxFrameBytes());
    session.setMaxIdleTimeout(owner.settings().idleTimeout().toMillis());

    @SuppressWarnings("unchecked")
    Map<String, List<String>> headers =
        (Map<String, List<String>>)
            config.getUserProperties().get(RealtimeEndpointConfig.HEADERS_KEY);
    if (headers == null) {
      headers = Map.of();
    }
    Object remote = config.getUserProperties().get(REMOTE_ADDRESS_KEY);
    if (remote == null) {
      remote = session.getUserProperties().get(REMOTE_ADDRESS_KEY);
    }
    String remoteAddress = remote == null ? "session-" + session.getId() : remote.toString();
    SessionConnection c = new SessionConnection(session, headers, remoteAddress, owner);

    // Second line of defence for containers that do not call checkOrigin.
    String origin = c.header("Origin").orElse(null);
    if (!owner.settings().isOriginAllowed(origin)) {
      RealtimeEndpointConfig.closeQuietly(
          session, CloseCodes.FORBIDDEN_ORIGIN, "origin not allowed");
      return;
    }

    InboundHandler h;
    try {
      h = owner.transport().accept(c);
    } catch (IllegalStateException e) {
      log.debug("connection refused: {}", e.getMessage());
      RealtimeEndpointConfig.closeQuietly(session, CloseCodes.GOING_AWAY, "server shutting down");
      return;
    }
    this.connection = c;
    this.handler = h;
    owner.opened(c);
    session.addMessageHandler(
        String.class,
        new MessageHandler.Whole<String>() {
          @Override
          public void onMessage(String text) {
            h.onText(text);
          }
        });
    if (h.acceptsBinary()) {
      session.addMessageHandler(
          ByteBuffer.class,
          new MessageHandler.Whole<ByteBuffer>() {
            @Override
            public void onMessage(ByteBuffer data) {
              h.onBinary(data.remaining());
            }
          });
    }
    h.onOpen();
  }

  @Override
  public void onClose(Session session, CloseReason closeReason) {
    SessionConnection c = connection;
    InboundHandler h = handler;
    if (c == null || h == null) {
      return;
    }
    owner.closed(c);
    c.markClosed();
    h.onClose(closeReason.getCloseCode().getCode(), closeReason.getReasonPhrase());
  }

  @Override
  public void onError(Session session, Throwable error) {
    InboundHandler h = handler;
    if (h != null) {
      h.onError(error);
    } else {
      log.debug("error before open on session {}: {}", session.getId(), error.toString());
    }
  }
}
