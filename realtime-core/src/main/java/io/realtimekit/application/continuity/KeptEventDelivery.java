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
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
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
 * <p>An event to several users ({@link #toUsers}: a conversation's participants) is appended to all
 * their streams in one operation ({@link UserEventStreams#appendAll}: one round trip on Redis) and
 * handed on with each user's position ({@link DeliveryPort#toUsersAt}: in a cluster, one message
 * per node holding recipients), under the locks of all of them, taken in one order.
 *
 * <p>When the store cannot be reached, the event is not delivered at all and {@link
 * DeliveryException} is thrown: a sender's acknowledgement means "kept", so a {@code chat:message}
 * is refused with {@code UNAVAILABLE} (the client may send it again) rather than acknowledged and
 * lost to a receiver whose socket drops before it reads it. This holds for one user and for a batch
 * alike: when the batched append fails, none of the recipients gets the event.
 */
public final class KeptEventDelivery implements DeliveryPort {
  private static final Logger log = LoggerFactory.getLogger(KeptEventDelivery.class);
  private static final int STRIPES = 256;

  private final DeliveryPort delivery;
  private final UserEventStreams streams;
  private final ConnectionRepository repository;
  private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

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
      locks[i] = new ReentrantLock();
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
    ReentrantLock lock = locks[stripe(companyId, userId)];
    lock.lock();
    try {
      StreamPosition p;
      try {
        p = streams.append(companyId, userId, event.name(), event.dataJson());
      } catch (RuntimeException e) {
        throw notKept(event, companyId, e);
      }
      return delivery.toUser(companyId, userId, nodesHint, event.withPosition(p));
    } finally {
      lock.unlock();
    }
  }

  private static int stripe(CompanyId companyId, UserId userId) {
    return Math.floorMod(Objects.hash(companyId, userId), STRIPES);
  }

  /**
   * An append failed: the event is not delivered live either. An event that must arrive is never
   * handed over unkept (its sender would be told it was kept, the receiver could not recover it).
   */
  private static DeliveryException notKept(
      OutboundEvent event, CompanyId companyId, RuntimeException e) {
    log.warn(
        "event {} for users of {} not delivered: the stream store is unreachable: {}",
        event.name(),
        companyId,
        e.toString());
    return new DeliveryException("the message store is unavailable, try again", e);
  }

  /**
   * A transient event (typing) keeps the underlying port's fan-out (one message per node in a
   * cluster); a kept one is appended to the streams of all the users at once ({@link
   * UserEventStreams#appendAll}) and handed on with each user's own position ({@link
   * DeliveryPort#toUsersAt}), so that in a cluster it still costs one message per node holding
   * recipients. When the store cannot be reached, it is delivered to none of them and {@link
   * DeliveryException} is thrown.
   */
  @Override
  public int toUsers(CompanyId companyId, Set<UserId> userIds, OutboundEvent event) {
    if (event.transientEvent() || event.isKept() || userIds.isEmpty()) {
      return delivery.toUsers(companyId, userIds, event);
    }
    int[] stripes =
        userIds.stream().mapToInt(u -> stripe(companyId, u)).distinct().sorted().toArray();
    for (int i : stripes) {
      locks[i].lock(); // always in ascending order: no deadlock with another fan-out
    }
    try {
      Map<UserId, StreamPosition> positions;
      try {
        positions = streams.appendAll(companyId, userIds, event.name(), event.dataJson());
      } catch (RuntimeException e) {
        throw notKept(event, companyId, e);
      }
      return delivery.toUsersAt(companyId, positions, event);
    } finally {
      for (int i = stripes.length - 1; i >= 0; i--) {
        locks[stripes[i]].unlock();
      }
    }
  }

  /** Already kept by the caller: handed on as it is. */
  @Override
  public int toUsersAt(
      CompanyId companyId, Map<UserId, StreamPosition> positions, OutboundEvent event) {
    return delivery.toUsersAt(companyId, positions, event);
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
