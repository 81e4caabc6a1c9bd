package io.realtimekit.transport;

import io.realtimekit.RealtimeSettings;
import io.realtimekit.application.bus.CommandBus;
import io.realtimekit.application.bus.QueryBus;
import io.realtimekit.application.clientevent.ClientEventRouter;
import io.realtimekit.application.port.ChannelRegistry;
import io.realtimekit.application.port.RealtimeMetrics;
import io.realtimekit.application.port.TaskScheduler;
import io.realtimekit.application.port.TokenVerifier;
import io.realtimekit.application.port.UserEventStreams;
import io.realtimekit.domain.NodeId;
import io.realtimekit.protocol.NativeCodec;
import io.realtimekit.protocol.WireFormat;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * What every protocol session of a node shares. Built by {@link io.realtimekit.Realtime}; adapters
 * never need it.
 *
 * @param settings limits and timings
 * @param nodeId this node
 * @param codec the native protocol codec
 * @param verifier checks tokens
 * @param commands the command bus
 * @param queries the query bus
 * @param router routes client events
 * @param registry this node's authenticated sockets
 * @param scheduler timers (authentication timeout, token expiry, forced closes)
 * @param clock the time source
 * @param applicationExecutor where inbound frames are handled, in order per connection; {@code
 *     null} handles them on the transport's thread
 * @param metrics where the sessions report
 * @param budgets the limits per user and per address that every socket of this node shares
 * @param streams the users' event streams when recovery is on ({@code connected} then carries the
 *     user's position and a {@code recover} is honoured), or null when it is off
 */
public record SessionServices(
    RealtimeSettings settings,
    NodeId nodeId,
    NativeCodec codec,
    TokenVerifier verifier,
    CommandBus commands,
    QueryBus queries,
    ClientEventRouter router,
    ChannelRegistry registry,
    TaskScheduler scheduler,
    Clock clock,
    Executor applicationExecutor,
    RealtimeMetrics metrics,
    ClientBudgets budgets,
    UserEventStreams streams) {
  /** Requires everything but the executor. */
  public SessionServices {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(codec, "codec");
    Objects.requireNonNull(verifier, "verifier");
    Objects.requireNonNull(commands, "commands");
    Objects.requireNonNull(queries, "queries");
    Objects.requireNonNull(router, "router");
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(scheduler, "scheduler");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(budgets, "budgets");
  }

  /**
   * Starts the protocol-neutral session of one socket whose framing is {@code format}; the caller
   * feeds it through the returned handler. For protocol transports of this package's sub-packages;
   * {@code onGone} runs once, when the session has closed.
   */
  public InboundHandler newSession(
      WireFormat format, TransportConnection connection, Runnable onGone) {
    return new ClientSession(this, format, connection, s -> onGone.run());
  }

  /**
   * An executor running one connection's tasks in order: the transport thread, or a serial view of
   * the application executor.
   */
  Executor newConnectionExecutor() {
    return applicationExecutor == null ? Runnable::run : new SerialExecutor(applicationExecutor);
  }
}
