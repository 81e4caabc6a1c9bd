package io.realtimekit.application.assignment;

import io.realtimekit.application.bus.CommandBus;
import io.realtimekit.application.bus.EventBus;
import io.realtimekit.application.bus.QueryBus;
import io.realtimekit.application.bus.Registration;
import io.realtimekit.application.port.TaskScheduler;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.DomainException;
import io.realtimekit.domain.ErrorCode;
import io.realtimekit.domain.Failure;
import io.realtimekit.domain.Result;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import io.realtimekit.domain.assignment.AssignmentPolicy;
import io.realtimekit.domain.assignment.SalesFloor;
import io.realtimekit.domain.assignment.SalesFloorRepository;
import io.realtimekit.domain.event.CommercialDisconnected;
import io.realtimekit.domain.event.ConnectionOpened;
import io.realtimekit.domain.event.DomainEvent;
import io.realtimekit.domain.event.UserConnected;
import io.realtimekit.domain.event.UserDisconnected;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs presence-aware assignment: reacts to presence events (a visitor online is assigned or
 * queued, an offline one leaves; a commercial online is seated with its capacity, one offline past
 * its grace period releases its visitors), and handles {@link AssignVisitor}, {@link
 * ReleaseVisitor} and the assignment queries.
 *
 * <p>Threads: the changes to one company's floor run one batch at a time on that company's serial
 * executor ({@link CompanySerialExecutor}), on a small pool shared by every company, never on the
 * thread that published the presence event (the transport's, at a connect): a connect is
 * acknowledged without waiting for the assignment decision, which follows as events. A batch is the
 * company's waiting changes (at most {@value #MAX_BATCH}) applied in order inside one atomic {@link
 * SalesFloorRepository#update} (atomic across nodes with a shared store, which retries it on a
 * fresher floor when another node got in first), then the publication of their events; so
 * concurrent connects and disconnects cannot assign a visitor twice or overfill a commercial, this
 * node's events are published in the order the floor changed, and a spike of visitors in one
 * company costs one store round-trip per batch, not per visitor. Another company never waits for
 * it. The commands ({@link AssignVisitor}, {@link ReleaseVisitor}) go through the same executor and
 * wait for their own result (up to {@value #COMMAND_TIMEOUT_SECONDS} s); called from a handler of
 * an assignment event of the same company they run at once, in line.
 *
 * <p>Waiting visitors whose place moved are told by {@link QueuePositions}, coalesced (at most one
 * {@code visitor:queued} per visitor per second, always its latest position).
 */
final class AssignmentService implements AutoCloseable {
  /** The most changes of one company applied in one store update. */
  static final int MAX_BATCH = 256;

  /** How long a command waits for its turn on the company's floor. */
  static final long COMMAND_TIMEOUT_SECONDS = 10;

  private static final Logger log = LoggerFactory.getLogger(AssignmentService.class);

  /** The token claim holding a commercial's capacity. */
  public static final String CAPACITY_CLAIM = "maxChats";

  private final SalesFloorRepository floors;
  private final EventBus events;
  private final AssignmentPolicy policy;
  private final int defaultCapacity;
  private final Clock clock;
  private final ExecutorService ownedPool;
  private final CompanySerialExecutor<FloorTask> floorsExecutor;
  private final QueuePositions positions;

  /**
   * One change waiting for its company's executor; {@code action} null asks for a position flush
   * only.
   */
  private record FloorTask(
      Function<SalesFloor, Result<SalesFloor.Change>> action,
      CompletableFuture<Result<SalesFloor>> done) {}

  /**
   * @param floors where floors live
   * @param events where assignment events go, and where presence events come from
   * @param policy chooses commercials
   * @param defaultCapacity visitors per commercial when its token has no {@value #CAPACITY_CLAIM}
   * @param clock stamps events
   */
  AssignmentService(
      SalesFloorRepository floors,
      EventBus events,
      AssignmentPolicy policy,
      int defaultCapacity,
      Clock clock) {
    this(floors, events, policy, defaultCapacity, clock, null, null);
  }

  /**
   * @param floors where floors live
   * @param events where assignment events go, and where presence events come from
   * @param policy chooses commercials
   * @param defaultCapacity visitors per commercial when its token has no {@value #CAPACITY_CLAIM}
   * @param clock stamps events
   * @param executor runs the companies' changes (serially per company); null: a pool of two daemon
   *     threads owned by this service and stopped by {@link #close()}
   * @param scheduler schedules the coalesced position announcements; null: they are never delayed
   *     (each queue move announces every changed position at once)
   */
  AssignmentService(
      SalesFloorRepository floors,
      EventBus events,
      AssignmentPolicy policy,
      int defaultCapacity,
      Clock clock,
      Executor executor,
      TaskScheduler scheduler) {
    if (defaultCapacity < 1) {
      throw new IllegalArgumentException("default capacity must be at least 1");
    }
    this.floors = floors;
    this.events = events;
    this.policy = policy;
    this.defaultCapacity = defaultCapacity;
    this.clock = clock;
    if (executor == null) {
      AtomicInteger n = new AtomicInteger();
      this.ownedPool =
          Executors.newFixedThreadPool(
              2,
              r -> {
                Thread t = new Thread(r, "realtime-assignment-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
      executor = ownedPool;
    } else {
      this.ownedPool = null;
    }
    this.floorsExecutor = new CompanySerialExecutor<>(executor, MAX_BATCH, this::runBatch);
    this.positions =
        new QueuePositions(
            events,
            clock,
            scheduler == null ? Duration.ZERO : Duration.ofSeconds(1),
            (company, delay) -> {
              if (scheduler != null) {
                scheduler.schedule(
                    delay, () -> floorsExecutor.submit(company, new FloorTask(null, null)));
              }
            });
    positions.subscribeTo(events);
  }

  /** Stops the pool this service owns (if any); changes still queued are dropped. */
  @Override
  public void close() {
    if (ownedPool != null) {
      ownedPool.shutdownNow();
    }
  }

  /** The policy in force. */
  AssignmentPolicy policy() {
    return policy;
  }

  /** Registers the commands, queries and presence reactions. */
  Registration registerOn(CommandBus commands, QueryBus queries) {
    List<Registration> regs =
        List.of(
            commands.register(
                AssignVisitor.class,
                c ->
                    changeOrFail(
                        c.companyId(),
                        f -> f.assign(c.visitorId(), c.commercialId(), policy, clock.instant()))),
            commands.register(
                ReleaseVisitor.class,
                c ->
                    changeOrFail(
                        c.companyId(), f -> f.release(c.visitorId(), policy, clock.instant()))),
            queries.register(
                GetAssignment.class, q -> floors.load(q.companyId()).assignmentOf(q.visitorId())),
            queries.register(
                GetCommercialLoad.class, q -> floors.load(q.companyId()).seat(q.commercialId())),
            queries.register(GetQueue.class, q -> floors.load(q.companyId()).queue()),
            queries.register(
                GetQueuePage.class,
                q -> {
                  SalesFloor f = floors.load(q.companyId());
                  return new GetQueuePage.Page(
                      f.queue(q.from(), q.limit()), q.from(), f.queueLength());
                }),
            queries.register(
                GetQueuePosition.class, q -> floors.load(q.companyId()).positionOf(q.visitorId())),
            events.subscribe(
                UserConnected.class,
                e -> {
                  if (Role.isOnlyVisitor(e.roles())) {
                    change(
                        e.companyId(), f -> f.visitorArrived(e.userId(), policy, clock.instant()));
                  }
                }),
            events.subscribe(
                UserDisconnected.class,
                e -> {
                  if (Role.isOnlyVisitor(e.roles())) {
                    change(e.companyId(), f -> f.visitorLeft(e.userId(), policy, clock.instant()));
                  }
                }),
            events.subscribe(
                ConnectionOpened.class,
                e -> {
                  if (e.roles().contains(Role.COMMERCIAL)) {
                    int capacity = capacityOf(e.claims());
                    change(
                        e.companyId(),
                        f -> f.commercialAvailable(e.userId(), capacity, policy, clock.instant()));
                  }
                }),
            events.subscribe(
                CommercialDisconnected.class,
                e ->
                    change(
                        e.companyId(),
                        f -> f.commercialGone(e.userId(), policy, clock.instant()))));
    return () -> regs.forEach(Registration::close);
  }

  /** The commercial a visitor is assigned to, if any (for the chat policy). */
  Optional<UserId> assignmentOf(CompanyId companyId, UserId visitorId) {
    return floors.load(companyId).assignmentOf(visitorId);
  }

  private int capacityOf(Map<String, Object> claims) {
    Object v = claims.get(CAPACITY_CLAIM);
    if (v instanceof Number n && n.longValue() >= 1 && n.longValue() <= 1_000) {
      return n.intValue();
    }
    return defaultCapacity;
  }

  /** Queues a change of the company's floor; returns at once (the decision follows as events). */
  private void change(CompanyId companyId, Function<SalesFloor, SalesFloor.Change> action) {
    floorsExecutor.submit(companyId, new FloorTask(f -> Result.ok(action.apply(f)), null));
  }

  /** Runs a change on the company's executor and waits for its result (a command). */
  private Result<SalesFloor> changeOrFail(
      CompanyId companyId, Function<SalesFloor, Result<SalesFloor.Change>> action) {
    if (floorsExecutor.isRunning(companyId)) {
      // a handler of this company's assignment events: waiting for our own executor would never end
      CompletableFuture<Result<SalesFloor>> done = new CompletableFuture<>();
      runBatch(companyId, List.of(new FloorTask(action, done)));
      return done.join();
    }
    CompletableFuture<Result<SalesFloor>> done = new CompletableFuture<>();
    floorsExecutor.submit(companyId, new FloorTask(action, done));
    try {
      return done.get(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      return Result.failure(ErrorCode.UNAVAILABLE, "the sales floor is busy, try again");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Result.failure(ErrorCode.UNAVAILABLE, "interrupted");
    } catch (ExecutionException e) {
      return Result.failure(ErrorCode.INTERNAL, "assignment failed");
    }
  }

  /**
   * Applies a batch of one company's changes in one atomic update, publishes their events, and
   * hands each waiting command its own result. A change that fails (or throws) is left out; the
   * others still apply.
   */
  private void runBatch(CompanyId companyId, List<FloorTask> batch) {
    @SuppressWarnings("unchecked")
    Result<SalesFloor>[] results = new Result[batch.size()];
    Result<SalesFloor.Change> stored;
    try {
      stored =
          floors.update(
              companyId,
              floor -> {
                SalesFloor current = floor;
                List<DomainEvent> all = new ArrayList<>();
                boolean moved = false;
                for (int i = 0; i < batch.size(); i++) {
                  FloorTask t = batch.get(i);
                  if (t.action() == null) {
                    results[i] = Result.ok(current);
                    continue;
                  }
                  Result<SalesFloor.Change> r;
                  try {
                    r = t.action().apply(current);
                  } catch (RuntimeException e) {
                    log.error("a change to the sales floor of company {} failed", companyId, e);
                    r = Result.failure(ErrorCode.INTERNAL, "assignment failed");
                  }
                  if (r.isOk()) {
                    current = r.value().floor();
                    all.addAll(r.value().events());
                    moved |= r.value().queueMoved();
                    results[i] = Result.ok(current);
                  } else {
                    results[i] = Result.failure(r.failure());
                  }
                }
                return Result.ok(
                    current == floor && all.isEmpty()
                        ? new SalesFloor.Change(floor, List.of())
                        : new SalesFloor.Change(current, all, moved));
              });
    } catch (RuntimeException e) {
      log.warn("sales floor of company {} not changed: {}", companyId, e.toString());
      Failure f =
          e instanceof DomainException d
              ? new Failure(d.code(), d.getMessage())
              : new Failure(ErrorCode.INTERNAL, "assignment failed");
      batch.forEach(t -> complete(t, Result.failure(f)));
      positions.flushAbandoned(companyId);
      return;
    }
    if (!stored.isOk()) {
      batch.forEach(t -> complete(t, Result.failure(stored.failure())));
      positions.flushAbandoned(companyId);
      return;
    }
    SalesFloor.Change change = stored.value();
    events.publishAll(change.events());
    boolean flushAsked = batch.stream().anyMatch(t -> t.action() == null);
    if (flushAsked) {
      positions.flushDue(change.floor());
    } else if (change.queueMoved()) {
      positions.queueMoved(change.floor());
    }
    for (int i = 0; i < batch.size(); i++) {
      complete(batch.get(i), results[i]);
    }
  }

  private static void complete(FloorTask t, Result<SalesFloor> result) {
    if (t.done() != null) {
      t.done().complete(result);
    }
  }
}
