package io.realtimekit.application.port;

import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.ConnectionId;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import java.util.Set;

/**
 * One authenticated socket on this node, whatever its protocol, as the application sees it.
 * Implemented by the protocol sessions; used by {@link DeliveryPort} implementations.
 *
 * <p>Contract: {@link #emit} never blocks (it queues, and a socket too slow for its queue is closed
 * with 4429); every method may be called from any thread.
 */
public interface ClientChannel {

  /** The socket's id. */
  ConnectionId connectionId();

  /** The authenticated user. */
  UserId userId();

  /** The user's company. */
  CompanyId companyId();

  /** The user's current roles. */
  Set<Role> roles();

  /**
   * Queues {@code event} for this socket.
   *
   * @return false when it was not queued (socket closing, or a transient event dropped under
   *     back-pressure)
   */
  boolean emit(OutboundEvent event);

  /**
   * Takes the user's new roles (changed by the host): later {@link #roles()} calls and the socket's
   * role guards see them. Called by the {@link ChannelRegistry} that re-indexes it.
   */
  void rolesChanged(Set<Role> roles);

  /**
   * Closes the socket after what is already queued, for {@code why} (the protocol turns it into a
   * close code), with a short human-readable {@code reason}.
   */
  void close(CloseReason why, String reason);
}
