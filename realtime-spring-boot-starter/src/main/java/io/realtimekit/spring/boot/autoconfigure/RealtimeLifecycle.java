package io.realtimekit.spring.boot.autoconfigure;

import io.realtimekit.Realtime;
import io.realtimekit.protocol.CloseCodes;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;

/**
 * The Realtime's life inside the application context, in two phases around the embedded web
 * server's (which starts at {@code DEFAULT_PHASE - 2048} and shuts down gracefully at {@code
 * DEFAULT_PHASE - 1024}):
 *
 * <ul>
 *   <li>at {@link #PHASE} (before the server takes connections) it joins the cluster when there is
 *       one and starts the Realtime; when stopping (after the server stopped) it releases the
 *       endpoints' threads and, if the drain did not already, closes the Realtime;
 *   <li>its {@link Drain}, at {@link #DRAIN_PHASE}, stops first: every socket is asked to close
 *       with 1001 (going away), waited for up to {@code realtime.shutdown-timeout}, then the
 *       Realtime is closed (in cluster mode the node leaves the cluster, announcing its users
 *       offline at once).
 * </ul>
 */
public final class RealtimeLifecycle implements SmartLifecycle {
  /** Before the embedded web server starts ({@code DEFAULT_PHASE - 2048}). */
  public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

  /** Stops before the web server's graceful shutdown ({@code DEFAULT_PHASE - 1024}). */
  public static final int DRAIN_PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

  private static final Logger log = LoggerFactory.getLogger(RealtimeLifecycle.class);

  private final Realtime realtime;
  private final Duration shutdownTimeout;
  private final ObjectProvider<MountedEndpoints> endpoints;
  private final ObjectProvider<ClusterNode> cluster;
  private final Drain drain = new Drain();
  private final AtomicBoolean drained = new AtomicBoolean();
  private volatile boolean running;

  /**
   * A lifecycle for {@code realtime}; {@code endpoints} and {@code cluster} are looked up when it
   * starts and stops.
   */
  public RealtimeLifecycle(
      Realtime realtime,
      Duration shutdownTimeout,
      ObjectProvider<MountedEndpoints> endpoints,
      ObjectProvider<ClusterNode> cluster) {
    this.realtime = Objects.requireNonNull(realtime, "realtime");
    this.shutdownTimeout = Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
    this.endpoints = endpoints;
    this.cluster = cluster;
  }

  /** The second half, which closes the sockets before the web server stops. */
  public Drain drain() {
    return drain;
  }

  @Override
  public synchronized void start() {
    if (running) {
      return;
    }
    ClusterNode node = cluster.getIfAvailable();
    if (node != null) {
      node.start(realtime);
    }
    realtime.start();
    running = true;
  }

  @Override
  public synchronized void stop() {
    if (!running) {
      return;
    }
    drainNow();
    endpoints.orderedStream().forEach(MountedEndpoints::close);
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }

  /** Closes every socket with 1001, then the Realtime (or the cluster node); once. */
  void drainNow() {
    if (!drained.compareAndSet(false, true)) {
      return;
    }
    List<MountedEndpoints> mounted = endpoints.orderedStream().toList();
    for (MountedEndpoints e : mounted) {
      if (!e.closeAll(CloseCodes.GOING_AWAY, "server shutting down", shutdownTimeout)) {
        log.warn("some sockets were still open {} after being asked to close", shutdownTimeout);
      }
    }
    ClusterNode node = cluster.getIfAvailable();
    if (node != null) {
      node.close();
    } else {
      realtime.close();
    }
  }

  /** See {@link RealtimeLifecycle}: runs only at stop, before the web server's shutdown. */
  public final class Drain implements SmartLifecycle {
    private volatile boolean started;

    private Drain() {}

    @Override
    public void start() {
      started = true;
    }

    @Override
    public void stop() {
      try {
        drainNow();
      } finally {
        started = false;
      }
    }

    @Override
    public boolean isRunning() {
      return started;
    }

    @Override
    public int getPhase() {
      return DRAIN_PHASE;
    }
  }
}
