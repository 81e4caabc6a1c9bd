package io.realtimekit.application.connection;

import io.realtimekit.application.bus.CommandBus;
import io.realtimekit.application.bus.EventBus;
import io.realtimekit.application.bus.Registration;
import io.realtimekit.application.port.CloseReason;
import io.realtimekit.application.port.DeliveryPort;
import io.realtimekit.application.port.TaskScheduler;
import io.realtimekit.domain.Connection;
import io.realtimekit.domain.ConnectionRepository;
import io.realtimekit.domain.ConnectionUser;
import io.realtimekit.domain.Criteria;
import io.realtimekit.domain.Done;
import io.realtimekit.domain.ErrorCode;
import io.realtimekit.domain.Result;
import io.realtimekit.domain.UserId;
import io.realtimekit.domain.event.DomainEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles the life of connections: {@link ConnectUser}, {@link DisconnectUser} with its grace
 * period, {@link DisconnectNode} (a dead node's sockets), {@link ConfirmUserOffline}, {@link
 * UpdateRoles} and {@link DisconnectUserSessions}.
 *
 * <p>Each change to a user runs load, change, save and publish under that user's lock, so two tabs
 * opening or closing at once cannot lose a connection. A user whose last socket closed gets one
 * pending offline check; a new disconnect-to-zero replaces it and a reconnect cancels it, so {@code
 * UserDisconnected} is raised once, a full grace period after the last socket closed.
 */
final class ConnectionHandlers {
  private static final Logger log = LoggerFactory.getLogger(ConnectionHandlers.class);

  private final ConnectionRepository repository;
  private final EventBus events;
  private final DeliveryPort delivery;
  private final TaskScheduler scheduler;
  private final Clock clock;
  private final Duration gracePeriod;
  private final UserLocks locks = new UserLocks(256);
  private final Map<UserId, PendingCheck> pendingOffline = new ConcurrentHashMap<>();
  private volatile CommandBus commands;

  /**
   * @param repository where users live
   * @param events where their events go
   * @param delivery used to close a kicked user's sockets
   * @param scheduler runs the offline checks
   * @param clock the time source
   * @param gracePeriod how long after its last socket a user stays online
   */
  ConnectionHandlers(
      ConnectionRepository repository,
      EventBus events,
      DeliveryPort delivery,
      TaskScheduler scheduler,
      Clock clock,
      Duration gracePeriod) {
    this.repository = repository;
    this.events = events;
    this.delivery = delivery;
    this.scheduler = scheduler;
    this.clock = clock;
    this.gracePeriod = gracePeriod;
  }

  /** Registers every handler of this class on {@code bus}. */
  Registration registerOn(CommandBus bus) {
    this.commands = bus;
    List<Registration> regs =
        List.of(
            bus.register(ConnectUser.class, this::connect),
            bus.register(DisconnectUser.class, this::disconnect),
            bus.register(DisconnectNode.class, this::disconnectNode),
            bus.register(ConfirmUserOffline.class, this::confirmOffline),
            bus.register(UpdateRoles.class, this::updateRoles),
            bus.register(DisconnectUserSessions.class, this::kick));
    return () -> regs.forEach(Registration::close);
  }

  Result<ConnectionUser> connect(ConnectUser c) {
    return locks.withLock(
        c.userId(),
        () -> {
          Optional<ConnectionUser> existing = repository.findOne(Criteria.byUserId(c.userId()));
          ConnectionUser user;
          List<DomainEvent> pre = List.of();
          if (existing.isPresent()) {
            user = existing.get();
            if (!user.companyId().equals(c.companyId())) {
              // global user ids (UserIdScope.GLOBAL; per company, ids are qualified and never
              // meet here): refused exactly as a token with an unusable subject, so that a tenant
              // cannot learn that an id is in use by another tenant
              log.info(
                  "user {} of company {} refused: the id is held by another company",
                  c.userId(),
                  c.companyId());
              return Result.failure(ErrorCode.UNAUTHORIZED, "invalid subject");
            }
            ConnectionUser.Change roles = user.updateRoles(c.roles(), clock.instant());
            user = roles.user();
            pre = roles.events();
          } else {
            user = ConnectionUser.create(c.userId(), c.companyId(), c.roles());
          }
          Result<ConnectionUser.Change> change =
              user.connect(
                  new Connection(c.connectionId(), c.nodeId(), clock.instant()), c.claims());
          if (!change.isOk()) {
            return Result.failure(change.failure());
          }
          cancelPendingCheck(c.userId());
          ConnectionUser after = change.value().user();
          repository.save(after);
          events.publishAll(pre);
          events.publishAll(change.value().events());
          return Result.ok(after);
        });
  }

  Result<Done> disconnect(DisconnectUser c) {
    return locks.withLock(
        c.userId(),
        () -> {
          Optional<ConnectionUser> existing = repository.findOne(Criteria.byUserId(c.userId()));
          if (existing.isEmpty()) {
            return Result.failure(
                ErrorCode.INVALID_ARGUMENT, "user " + c.userId() + " is not connected");
          }
          Result<ConnectionUser.Change> change =
              existing.get().disconnect(c.connectionId(), clock.instant());
          if (!change.isOk()) {
            return Result.failure(change.failure());
          }
          ConnectionUser after = change.value().user();
          repository.save(after);
          events.publishAll(change.value().events());
          if (!after.isConnected()) {
            scheduleOfflineCheck(c.userId());
          }
          return Result.ok(Done.DONE);
        });
  }

  Result<Done> disconnectNode(DisconnectNode c) {
    return locks.withLock(
        c.userId(),
        () -> {
          Optional<ConnectionUser> existing = repository.findOne(Criteria.byUserId(c.userId()));
          if (existing.isEmpty()) {
            return Result.ok(Done.DONE);
          }
          ConnectionUser.Change change = existing.get().disconnectNode(c.nodeId(), clock.instant());
          if (change.events().isEmpty()) {
            return Result.ok(Done.DONE);
          }
          ConnectionUser after = change.user();
          repository.save(after);
          events.publishAll(change.events());
          if (!after.isConnected()) {
            scheduleOfflineCheck(c.userId());
          }
          return Result.ok(Done.DONE);
        });
  }

  /**
   * The one pending offline check of a user. Registered before its timer is armed, so a timer that
   * fires at once (a short grace period) still finds it; cancelled by removing it.
   */
  private static final class PendingCheck {
    private volatile TaskScheduler.Cancellable timer;

    void cancel() {
      TaskScheduler.Cancellable t = timer;
      if (t != null) {
        t.cancel();
      }
    }
  }

  private void cancelPendingCheck(UserId userId) {
    PendingCheck pending = pendingOffline.remove(userId);
    if (pending != null) {
      pending.cancel();
    }
  }

  private void scheduleOfflineCheck(UserId userId) {
    if (gracePeriod.isZero()) {
      cancelPendingCheck(userId);
      confirmOfflineLocked(userId);
      return;
    }
    PendingCheck check = new PendingCheck();
    PendingCheck previous = pendingOffline.put(userId, check);
    if (previous != null) {
      previous.cancel();
    }
    check.timer =
        scheduler.schedule(
            gracePeriod,
            () -> {
              if (pendingOffline.remove(userId, check)) {
                commands.send(new ConfirmUserOffline(userId));
              }
            });
  }

  Result<Done> confirmOffline(ConfirmUserOffline c) {
    return locks.withLock(
        c.userId(),
        () -> {
          cancelPendingCheck(c.userId());
          confirmOfflineLocked(c.userId());
          return Result.ok(Done.DONE);
        });
  }

  private void confirmOfflineLocked(UserId userId) {
    // atomic in the store: when two nodes check the same user, one removes it and announces it
    Optional<ConnectionUser> removed = repository.removeIfDisconnected(userId);
    if (removed.isPresent()) {
      events.publishAll(removed.get().confirmOffline(clock.instant()).events());
    }
  }

  Result<ConnectionUser> updateRoles(UpdateRoles c) {
    return locks.withLock(
        c.userId(),
        () -> {
          Optional<ConnectionUser> existing = repository.findOne(Criteria.byUserId(c.userId()));
          if (existing.isEmpty()) {
            return Result.failure(
                ErrorCode.USER_NOT_CONNECTED, "user " + c.userId() + " is not connected");
          }
          ConnectionUser.Change change = existing.get().updateRoles(c.roles(), clock.instant());
          repository.save(change.user());
          events.publishAll(change.events());
          return Result.ok(change.user());
        });
  }

  Result<Integer> kick(DisconnectUserSessions c) {
    int closed = delivery.closeUser(c.companyId(), c.userId(), CloseReason.KICKED, c.reason());
    return Result.ok(closed);
  }
}
