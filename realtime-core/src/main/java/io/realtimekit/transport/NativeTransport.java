package io.realtimekit.transport;

import io.realtimekit.RealtimeSettings;
import io.realtimekit.application.port.CloseReason;
import java.util.ArrayList;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * The {@link RealtimeTransport} of the native protocol: creates one session per accepted socket and
 * tracks them all, authenticated or not, so that a shutdown can close every one. Built by {@link
 * io.realtimekit.Realtime}.
 */
public final class NativeTransport implements RealtimeTransport {
  private final SessionServices services;
  private final BooleanSupplier running;
  private final Set<ClientSession> sessions = ConcurrentHashMap.newKeySet();

  /**
   * @param services what sessions share
   * @param running whether the owning Realtime accepts sockets now
   */
  public NativeTransport(SessionServices services, BooleanSupplier running) {
    this.services = services;
    this.running = running;
  }

  @Override
  public InboundHandler accept(TransportConnection connection) {
    if (!running.getAsBoolean()) {
      throw new IllegalStateException(
          "realtime is not running: call start() first (or it was closed)");
    }
    ClientSession session =
        new ClientSession(services, services.codec(), connection, sessions::remove);
    sessions.add(session);
    return session;
  }

  @Override
  public RealtimeSettings settings() {
    return services.settings();
  }

  @Override
  public int openConnections() {
    return sessions.size();
  }

  /** Closes every socket for {@code why}; used at shutdown. */
  public void closeAll(CloseReason why, String reason) {
    for (ClientSession s : new ArrayList<>(sessions)) {
      s.close(why, reason);
    }
  }
}
