package io.realtimekit.jakarta;

import io.realtimekit.transport.SendCallback;
import io.realtimekit.transport.TransportConnection;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A Jakarta {@link Session} as the core's {@link TransportConnection}. */
final class SessionConnection implements TransportConnection {
  private static final Logger log = LoggerFactory.getLogger(SessionConnection.class);

  private final Session session;
  private final Map<String, List<String>> headers;
  private final Map<String, List<String>> query;
  private final String remoteAddress;
  private final RealtimeEndpointConfig owner;

  /** How long a close waits for the write in flight before it closes anyway. */
  static final long CLOSE_AFTER_WRITE_MAX_MS = 5_000;

  private final AtomicBoolean closeRequested = new AtomicBoolean();
  private final Object lock = new Object();
  private boolean writing;
  private Runnable pendingClose;

  SessionConnection(
      Session session,
      Map<String, List<String>> headers,
      String remoteAddress,
      RealtimeEndpointConfig owner) {
    this.session = session;
    this.headers = headers;
    Map<String, List<String>> query = session.getRequestParameterMap();
    this.query = query == null ? Map.of() : Map.copyOf(query);
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
  public Map<String, List<String>> queryParameters() {
    return query;
  }

  @Override
  public void sendText(String text, SendCallback callback) {
    AtomicBoolean done = new AtomicBoolean();
    synchronized (lock) {
      writing = true;
    }
    try {
      session
          .getAsyncRemote()
          .sendText(
              text,
              result -> {
                if (done.compareAndSet(false, true)) {
                  Runnable close = writeDone();
                  if (result.isOK()) {
                    callback.succeeded();
                  } else {
                    callback.failed(result.getException());
                  }
                  if (close != null) {
                    close.run();
                  }
                }
              });
    } catch (RuntimeException e) {
      if (done.compareAndSet(false, true)) {
        Runnable close = writeDone();
        callback.failed(e);
        if (close != null) {
          close.run();
        }
      }
    }
  }

  private Runnable writeDone() {
    synchronized (lock) {
      writing = false;
      Runnable close = pendingClose;
      pendingClose = null;
      return close;
    }
  }

  /**
   * Closes once the write in flight (if any) completed, or after {@link #CLOSE_AFTER_WRITE_MAX_MS}
   * at most: some containers (Tomcat) abort the connection (1006) instead of sending the close
   * frame when a close meets an unfinished asynchronous write.
   */
  @Override
  public void close(int code, String reason) {
    if (!closeRequested.compareAndSet(false, true)) {
      return;
    }
    Runnable close =
        () -> owner.runAsync(() -> RealtimeEndpointConfig.closeQuietly(session, code, reason));
    synchronized (lock) {
      if (writing) {
        pendingClose = close;
        owner.schedule(
            CLOSE_AFTER_WRITE_MAX_MS,
            () -> {
              Runnable late;
              synchronized (lock) {
                late = pendingClose;
                pendingClose = null;
              }
              if (late != null) {
                late.run();
              }
            });
        return;
      }
    }
    close.run();
  }

  void markClosed() {
    closeRequested.set(true);
  }

  /** True when a ping is useful: open, not mid-write and not closing. */
  boolean idleForPing() {
    synchronized (lock) {
      if (writing) {
        return false;
      }
    }
    return !closeRequested.get() && session.isOpen();
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
}
