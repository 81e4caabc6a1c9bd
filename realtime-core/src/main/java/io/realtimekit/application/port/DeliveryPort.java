package io.realtimekit.application.port;

import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.ConnectionId;
import io.realtimekit.domain.NodeId;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import java.util.Map;
import java.util.Set;

/**
 * How the application reaches users' sockets: on this node (the default, {@code LocalDelivery}), or
 * across nodes (a cluster engine). Every method is scoped to one company: a socket of another
 * company is never reached, whatever the user id.
 *
 * <p>Contract: non-blocking on the network for local delivery; thread-safe; returns the number of
 * sockets the event was handed to (0 means none: the user is not connected anywhere this port can
 * see). A cluster implementation that cannot reach the other nodes must say so by throwing {@link
 * DeliveryException}, never by returning a count it did not deliver.
 */
public interface DeliveryPort {

  /** Every socket of user {@code userId} of company {@code companyId}. */
  int toUser(CompanyId companyId, UserId userId, OutboundEvent event);

  /**
   * As {@link #toUser(CompanyId, UserId, OutboundEvent)}, with a hint: the nodes that held the
   * user's sockets a moment ago (read from the repository). A cluster implementation may skip the
   * network when they are all this node and the local delivery succeeds; it must still deliver
   * everywhere when the hint turns out stale. The default ignores the hint.
   */
  default int toUser(
      CompanyId companyId, UserId userId, Set<NodeId> nodesHint, OutboundEvent event) {
    return toUser(companyId, userId, event);
  }

  /**
   * True when this port keeps what it delivers to users in their event streams (recovery on): an
   * event for a user with no socket right now (inside its grace period) is then delivered when it
   * reconnects. Default: false.
   */
  default boolean keepsEvents() {
    return false;
  }

  /**
   * Every socket of each of {@code userIds}, all of company {@code companyId} (a conversation's
   * participants). Returns the sockets (and, in a cluster, the other nodes) reached, as {@link
   * #toUser(CompanyId, UserId, OutboundEvent)} does summed over the users. The default calls it
   * once per user; a cluster implementation should cost one message per node holding recipients,
   * not one per recipient. A transient event never throws.
   */
  default int toUsers(CompanyId companyId, Set<UserId> userIds, OutboundEvent event) {
    int n = 0;
    for (UserId u : userIds) {
      n += toUser(companyId, u, event);
    }
    return n;
  }

  /**
   * As {@link #toUsers(CompanyId, Set, OutboundEvent)}, for an event kept in each recipient's own
   * stream: every socket of each user of {@code positions} gets {@code event} at that user's
   * position ({@link OutboundEvent#withPosition}), so each frame carries its own user's offset. The
   * default calls {@link #toUser(CompanyId, UserId, OutboundEvent)} once per user; a cluster
   * implementation should cost one message per node holding recipients, carrying each recipient's
   * position, not one per recipient.
   *
   * @param positions each recipient and where the event was kept in its stream
   * @param event the event, not kept itself ({@link OutboundEvent#isKept()} false)
   */
  default int toUsersAt(
      CompanyId companyId, Map<UserId, StreamPosition> positions, OutboundEvent event) {
    int n = 0;
    for (Map.Entry<UserId, StreamPosition> p : positions.entrySet()) {
      n += toUser(companyId, p.getKey(), event.withPosition(p.getValue()));
    }
    return n;
  }

  /** Every socket of every user of {@code companyId} holding {@code role}. */
  int toRole(CompanyId companyId, Role role, OutboundEvent event);

  /** Every socket of every user of {@code companyId}. */
  int toCompany(CompanyId companyId, OutboundEvent event);

  /**
   * One socket, if it belongs to {@code companyId}.
   *
   * @return whether it was handed the event
   */
  boolean toConnection(CompanyId companyId, ConnectionId connectionId, OutboundEvent event);

  /**
   * Marks a socket of this node as watching its company's presence (after {@code presence:list});
   * the mark goes when the socket closes.
   */
  void watchPresence(ConnectionId connectionId);

  /**
   * Every socket of {@code companyId}, on every node, that watches presence and may see {@code
   * subject} by {@link io.realtimekit.domain.PresenceVisibility#sees}: when the subject is only a
   * visitor, only watchers that are not only visitors (and the subject's own sockets) get it.
   *
   * @param subjectRoles the subject's roles, which decide who sees it
   * @return how many sockets of this node were handed the event
   */
  int toPresenceWatchers(
      CompanyId companyId, UserId subject, Set<Role> subjectRoles, OutboundEvent event);

  /** Closes every socket of the user for {@code why}, with {@code reason}; returns how many. */
  int closeUser(CompanyId companyId, UserId userId, CloseReason why, String reason);
}
