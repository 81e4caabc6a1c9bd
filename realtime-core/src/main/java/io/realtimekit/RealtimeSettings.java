package io.realtimekit;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * The limits and timings of a {@link Realtime}, validated when built. Defaults follow the wire
 * protocol's specification; change them with {@link RealtimeBuilder}.
 *
 * @param maxFrameBytes largest text frame accepted; a larger one closes that socket with 1009.
 *     Default 65,536 (64 KiB)
 * @param authTimeout how long a socket may stay unauthenticated before it is closed with 4401.
 *     Default 5 s
 * @param heartbeat interval of server pings, announced to clients as {@code heartbeatMs}. Default
 *     25 s
 * @param idleTimeout a socket with no traffic (pongs included) for this long is closed. Default 60
 *     s; must exceed {@code heartbeat}
 * @param eventsPerSecond sustained client events per second per connection. Default 50
 * @param eventBurst client events a connection may send at once above the sustained rate. Default
 *     100
 * @param outboundQueueBytes bytes waiting to be written to one socket before it is closed with 4429
 *     as too slow; pongs a client owes and what Engine.IO buffers for it (a poll's packets) count
 *     against it too. Default 1,048,576 (1 MiB)
 * @param gracePeriod how long a user whose last socket closed still counts as online, so that a
 *     reload or a network blip does not announce it offline. Default 3 s
 * @param allowedOrigins the {@code Origin} header values allowed to connect; empty allows every
 *     origin (non-browser clients send none). Default empty
 * @param path the path the native protocol is served on by the bundled adapters. Default {@code
 *     /realtime}
 * @param maxOutboundFrameBytes largest frame the server sends (bytes, approximated by characters as
 *     the outbound queue counts them); at least {@code maxFrameBytes}, so that a client's largest
 *     frame relayed to others fits. A host notification over it is refused to the host ({@code
 *     INVALID_ARGUMENT}) and sent to nobody; a reply over it becomes an {@code INTERNAL} error
 *     reply. The receiver is never closed for a frame's size. The limit in force is the smaller of
 *     this and {@code outboundQueueBytes} ({@link #outboundFrameLimit()}). Default 1,048,576 (1
 *     MiB)
 */
public record RealtimeSettings(
    int maxFrameBytes,
    Duration authTimeout,
    Duration heartbeat,
    Duration idleTimeout,
    int eventsPerSecond,
    int eventBurst,
    long outboundQueueBytes,
    Duration gracePeriod,
    Set<String> allowedOrigins,
    String path,
    int maxOutboundFrameBytes) {

  /** The defaults of the protocol specification. */
  public static RealtimeSettings defaults() {
    return new RealtimeSettings(
        64 * 1024,
        Duration.ofSeconds(5),
        Duration.ofSeconds(25),
        Duration.ofSeconds(60),
        50,
        100,
        1024 * 1024,
        Duration.ofSeconds(3),
        Set.of(),
        "/realtime",
        1024 * 1024);
  }

  /** Validates every field; throws {@link IllegalArgumentException} naming the bad one. */
  public RealtimeSettings {
    require(maxFrameBytes >= 256, "maxFrameBytes must be at least 256");
    requirePositive(authTimeout, "authTimeout");
    requirePositive(heartbeat, "heartbeat");
    requirePositive(idleTimeout, "idleTimeout");
    require(idleTimeout.compareTo(heartbeat) > 0, "idleTimeout must be longer than heartbeat");
    require(eventsPerSecond > 0, "eventsPerSecond must be positive");
    require(eventBurst > 0, "eventBurst must be positive");
    require(
        outboundQueueBytes >= maxFrameBytes, "outboundQueueBytes must be at least maxFrameBytes");
    Objects.requireNonNull(gracePeriod, "gracePeriod");
    require(!gracePeriod.isNegative(), "gracePeriod must not be negative");
    allowedOrigins = Set.copyOf(Objects.requireNonNull(allowedOrigins, "allowedOrigins"));
    Objects.requireNonNull(path, "path");
    require(
        path.startsWith("/") && path.length() > 1, "path must start with '/' and name something");
    require(
        maxOutboundFrameBytes >= maxFrameBytes,
        "maxOutboundFrameBytes must be at least maxFrameBytes");
  }

  /** A copy with the largest text frame accepted (default 64 KiB). */
  public RealtimeSettings withMaxFrameBytes(int value) {
    return new RealtimeSettings(
        value,
        authTimeout,
        heartbeat,
        idleTimeout,
        eventsPerSecond,
        eventBurst,
        outboundQueueBytes,
        gracePeriod,
        allowedOrigins,
        path,
        maxOutboundFrameBytes);
  }

  /** A copy with how long a socket may stay unauthenticated (default 5 s). */
  public RealtimeSettings withAuthTimeout(Duration value) {
    return new RealtimeSettings(
        maxFrameBytes,
        value,
        heartbeat,
        idleTimeout,
        eventsPerSecond,
        eventBurst,
        outboundQueueBytes,
        gracePeriod,
        allowedOrigins,
        path,
        maxOutboundFrameBytes);
  }

  /** A copy with the server ping interval (default 25 s). */
  public RealtimeSettings withHeartbeat(Duration value) {
    return new RealtimeSettings(
        maxFrameBytes,
        authTimeout,
        value,
        idleTimeout,
        eventsPerSecond,
        eventBurst,
        outboundQueueBytes,
        gracePeriod,
        allowedOrigins,
        path,
        maxOutboundFrameBytes);
  }

  /** A copy with how long a silent socket lives (default 60 s). */
  public RealtimeSettings withIdleTimeout(Duration value) {
    return new RealtimeSettings(
        maxFrameBytes,
        authTimeout,
        heartbeat,
        value,
        eventsPerSecond,
        eventBurst,
        outboundQueueBytes,
        gracePeriod,
        allowedOrigins,
        path,
        maxOutboundFrameBytes);
  }

  /** A copy with the sustained client events per second per connection (default 50). */
  public RealtimeSettings withEventsPerSecond(int value) {
    return new RealtimeSettings(
        maxFrameBytes,
        authTimeout,
        heartbeat,
        idleTimeout,
        value,
        eventBurst,
        outboundQueueBytes,
        gracePeriod,
        allowedOrigins,
        path,
        maxOutboundFrameBytes);
  }

  /** A copy with the burst of client events above the rate (default 100). */
  public RealtimeSettings withEventBurst(int value) {
    return new RealtimeSettings(
        maxFrameBytes,
        authTimeout,
        heartbeat,
        idleTimeout,
        eventsPerSecond,
        value,
        outboundQueueBytes,
        gracePeriod,
        allowedOrigins,
        path,
        maxOutboundFrameBytes);
  }

  /**
   * A copy with the bytes that may wait for one socket before it is closed with 4429 (default 1
   * MiB).
   */
  public RealtimeSettings withOutboundQueueBytes(long value) {
    return new RealtimeSettings(
        maxFrameBytes,
        authTimeout,
        heartbeat,
        idleTimeout,
        eventsPerSecond,
        eventBurst,
        value,
        gracePeriod,
        allowedOrigins,
        path,
        maxOutboundFrameBytes);
  }

  /** A copy with how long a user stays online after its last socket closed (default 3 s). */
  public RealtimeSettings withGracePeriod(Duration value) {
    return new RealtimeSettings(
        maxFrameBytes,
        authTimeout,
        heartbeat,
        idleTimeout,
        eventsPerSecond,
        eventBurst,
        outboundQueueBytes,
        value,
        allowedOrigins,
        path,
        maxOutboundFrameBytes);
  }

  /** A copy with the Origin values allowed; empty allows all (default empty). */
  public RealtimeSettings withAllowedOrigins(Set<String> value) {
    return new RealtimeSettings(
        maxFrameBytes,
        authTimeout,
        heartbeat,
        idleTimeout,
        eventsPerSecond,
        eventBurst,
        outboundQueueBytes,
        gracePeriod,
        value,
        path,
        maxOutboundFrameBytes);
  }

  /** A copy with the path of the native protocol (default /realtime). */
  public RealtimeSettings withPath(String value) {
    return new RealtimeSettings(
        maxFrameBytes,
        authTimeout,
        heartbeat,
        idleTimeout,
        eventsPerSecond,
        eventBurst,
        outboundQueueBytes,
        gracePeriod,
        allowedOrigins,
        value,
        maxOutboundFrameBytes);
  }

  /** A copy with the largest frame the server sends (default 1 MiB). */
  public RealtimeSettings withMaxOutboundFrameBytes(int value) {
    return new RealtimeSettings(
        maxFrameBytes,
        authTimeout,
        heartbeat,
        idleTimeout,
        eventsPerSecond,
        eventBurst,
        outboundQueueBytes,
        gracePeriod,
        allowedOrigins,
        path,
        value);
  }

  /**
   * The largest frame the server writes, in bytes approximated by characters: the smaller of {@link
   * #maxOutboundFrameBytes()} and {@link #outboundQueueBytes()} (a larger frame could never wait in
   * the outbound queue).
   */
  public long outboundFrameLimit() {
    return Math.min(maxOutboundFrameBytes, outboundQueueBytes);
  }

  /** True when {@code origin} may connect: the allow-list is empty or contains it. */
  public boolean isOriginAllowed(String origin) {
    return allowedOrigins.isEmpty() || (origin != null && allowedOrigins.contains(origin));
  }

  private static void requirePositive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    require(!d.isNegative() && !d.isZero(), name + " must be positive");
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
