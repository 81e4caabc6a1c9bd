package io.realtimekit.jakarta;

import io.realtimekit.transport.SendCallback;
import io.realtimekit.transport.TransportConnection;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A Jakarta {@link Session} as the core's {@link TransportConnection}. */
final class SessionConnection implements TransportConnection {
  private static final Logger log = LoggerFactory.getLogger(SessionConnection.class);
  private static final int MAX_REASON_BYTES = 123;

  private final Session session;
  private final Map<String, List<String>> headers;
  private final String remoteAddress;
  private final RealtimeEndpointConfig owner;
  private final AtomicBoolean closeRequested = new AtomicBoolean();
  private volatile boolean writing;

  SessionConnection(
      Session session,
      Map<String, List<String>> headers,
      String remoteAddress,
      RealtimeEndpointConfig owner) {
    this.session = session;
    this.headers = headers;
    this.remoteAddress = remoteAddress;
    this.owner = owner;
  }

  @Override
  public String remoteAddress() {
    return remoteAddress;
  }

  @Override
  public Map<String, List<String>> handshakeHeaders() {
    return headers;
  }

  @Override
  public void sendText(String text, SendCallback callback) {
    AtomicBoolean done = new AtomicBoolean();
    writing = true;
    try {
      session
          .getAsyncRemote()
          .sendText(
              text,
              result -> {
                if (!done.compareAndSet(false, true)) {
                  return;
                }
                writing = false;
                if (result.isOK()) {
                  callback.succeeded();
                } else {
                  callback.failed(result.getException());
                }
              });
    } catch (RuntimeException e) {
      if (done.compareAndSet(false, true)) {
        writing = false;
        callback.failed(e);
      }
    }
  }

  @Override
  public void close(int code, String reason) {
    if (!closeRequested.compareAndSet(false, true)) {
      return;
    }
    owner.runAsync(() -> RealtimeEndpointConfig.closeQuietly(session, code, reason));
  }

  void markClosed() {
    closeRequested.set(true);
  }

  /** True when a ping is useful: open, not mid-write and not closing. */
  boolean idleForPing() {
    return !writing && !closeRequested.get() && session.isOpen();
  }

  void ping() {
    try {
      if (session.isOpen()) {
        session.getAsyncRemote().sendPing(RealtimeEndpointConfig.emptyPing());
      }
    } catch (IOException | RuntimeException e) {
      log.debug("ping to {} failed: {}", remoteAddress, e.toString());
    }
  }

  /** Cuts {@code reason} to at most 123 UTF-8 bytes, on a character boundary. */
  static String truncate(String reason) {
    if (reason == null) {
      return "";
    }
    byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= MAX_REASON_BYTES) {
      return reason;
    }
    StringBuilder out = new StringBuilder();
    int used = 0;
    for (int i = 0; i < reason.length(); ) {
      int cp = reason.codePointAt(i);
      int len = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
      if (used + len > MAX_REASON_BYTES) {
        break;
      }
      out.appendCodePoint(cp);
      used += len;
      i += Character.charCount(cp);
    }
    return out.toString();
  }
}
