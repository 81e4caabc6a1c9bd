package io.realtimekit.application.continuity;

import io.realtimekit.application.port.CloseReason;
import io.realtimekit.application.port.DeliveryException;
import io.realtimekit.application.port.DeliveryPort;
import io.realtimekit.application.port.OutboundEvent;
import io.realtimekit.application.port.StreamPosition;
import io.realtimekit.application.port.UserEventStreams;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.ConnectionId;
import io.realtimekit.domain.ConnectionRepository;
import io.realtimekit.domain.ConnectionUser;
import io.realtimekit.domain.Criteria;
import io.realtimekit.domain.NodeId;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link DeliveryPort} that keeps what it delivers: each event that must arrive (not a transient
 * one such as typing) sent to a user, a role or a company is appended once to the stream of every
 * user it targets, then delivered to that user's sockets with its offset. Presence diffs ({@link
 * #toPresenceWatchers}), single sockets and closes pass through unkept.
 *
 * <p>A role or a company is expanded to its users through the repository (users inside their grace
 * period included, so they recover the event), each getting its own offset; the delivery below then
 * reaches each user's sockets on any node. On this node, append and delivery to one user run under
 * a lock of that user, so its sockets receive kept events in offset order.
 *
 * <p>When the store cannot be reached, the event is not delivered at all and {@link
 * DeliveryException} is thrown: a sender's acknowledgement means "kept", so a {@code chat:message}
 * is refused with {@code UNAVAILABLE} (the client may send it again) rather than acknowledged and
 * lost to a receiver whose socket drops before it reads it.
 */
public final class KeptEventDelivery implements DeliveryPort {
  private static final Logger log = LoggerFactory.getLogger(KeptEventDelivery.class);
  private static final int STRIPES = 256;

  private final DeliveryPort delivery;
  private final UserEventStreams streams;
  private final ConnectionRepository repository;
  private final Object[] locks = new Object[STRIPES];

  /**
   * @param delivery reaches the sockets (this node's, or the cluster's)
   * @param streams where events are kept
   * @param repository expands roles and companies to their users
   */
  public KeptEventDelivery(
      DeliveryPort delivery, UserEventStreams streams, ConnectionRepository repository) {
    this.delivery = Objects.requireNonNull(delivery, "delivery");
    this.streams = Objects.requireNonNull(streams, "streams");
    this.repository = Objects.requireNonNull(repository, "repository");
    for (int i = 0; i < STRIPES; i++) {
      locks[i] = new Object();
    }
  }

  /** True: events to users are kept. */
  @Override
  public boolean keepsEvents() {
    return true;
  }

  @Override
  public int toUser(CompanyId companyId, UserId userId, OutboundEvent event) {
    return toUser(companyId, userId, Set.of(), event);
  }

  @Override
  public int toUser(
      CompanyId companyId, UserId userId, Set<NodeId> nodesHint, OutboundEvent event) {
    if (event.transientEvent() || event.isKept()) {
      return delivery.toUser(companyId, userId, nodesHint, event);
    }
    synchronized (locks[Math.floorMod(Objects.hash(companyId, userId), STRIPES)]) {
      StreamPosition p;
      try {
        p = streams.append(companyId, userId, event.name(), event.dataJson());
      } catch (RuntimeException e) {
        // not delivered live either: an event that must arrive is never handed over unkept (its
        // sender would be told it was kept, the receiver could not recover it)
        log.warn(
            "event {} for a user of {} not delivered: the stream store is unreachable: {}",
            event.name(),
            companyId,
            e.toString());
        throw new DeliveryException("the message store is unavailable, try again", e);
      }
      return delivery.toUser(companyId, userId, nodesHint, event.withPosition(p));
    }
  }

  /**
   * A transient event (typing) keeps the underlying port's fan-out (one message per node in a
   * cluster); a kept one is appended to each user's stream and delivered per user, since each
   * user's frame carries its own offset.
   */
  @Override
  public int toUsers(CompanyId companyId, Set<UserId> userIds, OutboundEvent event) {
    if (event.transientEvent() || event.isKept()) {
      return delivery.toUsers(companyId, userIds, event);
    }
    int n = 0;
    for (UserId u : userIds) {
      n += toUser(companyId, u, event);
    }
    return n;
  }

  @Override
  public int toRole(CompanyId companyId, Role role, OutboundEvent event) {
    if (event.transientEvent()) {
      return delivery.toRole(companyId, role, event);
    }
    return toEach(companyId, Criteria.inCompany(companyId).withRole(role), event);
  }

  @Override
  public int toCompany(CompanyId companyId, OutboundEvent event) {
    if (event.transientEvent()) {
      return delivery.toCompany(companyId, event);
    }
    return toEach(companyId, Criteria.inCompany(companyId), event);
  }

  private int toEach(CompanyId companyId, Criteria criteria, OutboundEvent event) {
    int n = 0;
    DeliveryException failure = null;
    for (ConnectionUser u : repository.find(criteria)) {
      if (!u.companyId().equals(companyId)) {
        continue; // the criteria say so already; tenant isolation is checked twice
      }
      try {
        n += toUser(companyId, u.userId(), event);
      } catch (DeliveryException e) {
        failure = e;
      }
    }
    if (n == 0 && failure != null) {
      throw failure;
    }
    return n;
  }

  @Override
  public boolean toConnection(CompanyId companyId, ConnectionId connectionId, OutboundEvent event) {
    return delivery.toConnection(companyId, connectionId, event);
  }

  @Override
  public void watchPresence(ConnectionId connectionId) {
    delivery.watchPresence(connectionId);
  }

  @Override
  public int toPresenceWatchers(
      CompanyId companyId, UserId subject, Set<Role> subjectRoles, OutboundEvent event) {
    return delivery.toPresenceWatchers(companyId, subject, subjectRoles, event);
  }

  @Override
  public int closeUser(CompanyId companyId, UserId userId, CloseReason why, String reason) {
    return delivery.closeUser(companyId, userId, why, reason);
  }
}
