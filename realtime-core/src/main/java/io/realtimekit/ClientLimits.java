package io.realtimekit;

/**
 * Limits that hold per user and per client address, on top of each connection's own event bucket
 * ({@link RealtimeSettings#eventsPerSecond()}): a client that reconnects in a loop, or opens many
 * sockets, gets no more than one well-behaved user. Zero turns a limit off.
 *
 * <p>Per user (a user is its company and id): at most {@code connectionsPerUser} open sockets
 * (default 20), {@code connectsPerSecondPerUser} new sockets a second with a burst of {@code
 * connectBurstPerUser} (5 and 20), and {@code eventsPerSecondPerUser} events a second over all its
 * sockets with a burst of {@code eventBurstPerUser} (by default twice the per-connection figures).
 *
 * <p>Per address (the socket's peer, or the last value of {@code clientAddressHeader} when set,
 * e.g. {@code X-Forwarded-For} behind a proxy you trust): off by default, since many visitors share
 * one address behind NAT or a proxy; turn them on when clients reach the server directly.
 *
 * <p>Refusals: a socket over a connection limit is closed with 4429 (reason {@code too many
 * connections} or {@code connecting too fast}) after a {@code RATE_LIMITED} error frame; an event
 * over a budget is answered {@code RATE_LIMITED}, and a sustained flood closes the socket with
 * 4429, as the per-connection bucket does. Each refusal is counted in the metrics.
 *
 * @param connectionsPerUser open sockets per user
 * @param connectsPerSecondPerUser new sockets a second per user
 * @param connectBurstPerUser new sockets a user may open at once
 * @param eventsPerSecondPerUser events a second per user, all sockets together; negative derives it
 *     (twice the per-connection rate)
 * @param eventBurstPerUser event burst per user; negative derives it (twice the per-connection
 *     burst)
 * @param connectionsPerAddress open sockets per address
 * @param connectsPerSecondPerAddress new sockets a second per address
 * @param connectBurstPerAddress new sockets an address may open at once
 * @param eventsPerSecondPerAddress events a second per address
 * @param eventBurstPerAddress event burst per address
 * @param clientAddressHeader the handshake header whose last value is the client's address, or
 *     empty for the socket's peer
 */
public record ClientLimits(
    int connectionsPerUser,
    int connectsPerSecondPerUser,
    int connectBurstPerUser,
    int eventsPerSecondPerUser,
    int eventBurstPerUser,
    int connectionsPerAddress,
    int connectsPerSecondPerAddress,
    int connectBurstPerAddress,
    int eventsPerSecondPerAddress,
    int eventBurstPerAddress,
    String clientAddressHeader) {

  private static final ClientLimits DEFAULTS =
      new ClientLimits(20, 5, 20, -1, -1, 0, 0, 0, 0, 0, "");

  /** Validates: no limit below -1, a rate comes with a burst, the header name is not null. */
  public ClientLimits {
    require(connectionsPerUser >= 0 && connectionsPerAddress >= 0, "connection caps must be >= 0");
    require(
        connectsPerSecondPerUser >= 0 && connectsPerSecondPerAddress >= 0,
        "connect rates must be >= 0");
    require(connectBurstPerUser >= 0 && connectBurstPerAddress >= 0, "connect bursts must be >= 0");
    require(
        eventsPerSecondPerUser >= -1 && eventBurstPerUser >= -1, "user event budget must be >= -1");
    require(
        eventsPerSecondPerAddress >= 0 && eventBurstPerAddress >= 0,
        "address event budget must be >= 0");
    require(
        (connectsPerSecondPerUser == 0) == (connectBurstPerUser == 0),
        "a user connect rate needs a burst");
    require(
        (connectsPerSecondPerAddress == 0) == (connectBurstPerAddress == 0),
        "an address connect rate needs a burst");
    require(
        (eventsPerSecondPerAddress == 0) == (eventBurstPerAddress == 0),
        "an address event rate needs a burst");
    if (clientAddressHeader == null) {
      throw new IllegalArgumentException(
          "clientAddressHeader must not be null (empty: the socket's peer)");
    }
  }

  /** The defaults above. */
  public static ClientLimits defaults() {
    return DEFAULTS;
  }

  /** No limit beyond each connection's own bucket. */
  public static ClientLimits none() {
    return new ClientLimits(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, "");
  }

  /** A copy with at most {@code max} open sockets per user (0: no cap). */
  public ClientLimits withConnectionsPerUser(int max) {
    return new ClientLimits(
        max,
        connectsPerSecondPerUser,
        connectBurstPerUser,
        eventsPerSecondPerUser,
        eventBurstPerUser,
        connectionsPerAddress,
        connectsPerSecondPerAddress,
        connectBurstPerAddress,
        eventsPerSecondPerAddress,
        eventBurstPerAddress,
        clientAddressHeader);
  }

  /** A copy with a user's connect rate and burst (0, 0: no limit). */
  public ClientLimits withConnectsPerUser(int perSecond, int burst) {
    return new ClientLimits(
        connectionsPerUser,
        perSecond,
        burst,
        eventsPerSecondPerUser,
        eventBurstPerUser,
        connectionsPerAddress,
        connectsPerSecondPerAddress,
        connectBurstPerAddress,
        eventsPerSecondPerAddress,
        eventBurstPerAddress,
        clientAddressHeader);
  }

  /** A copy with a user's event budget over all its sockets (0, 0: no limit). */
  public ClientLimits withEventsPerUser(int perSecond, int burst) {
    return new ClientLimits(
        connectionsPerUser,
        connectsPerSecondPerUser,
        connectBurstPerUser,
        perSecond,
        burst,
        connectionsPerAddress,
        connectsPerSecondPerAddress,
        connectBurstPerAddress,
        eventsPerSecondPerAddress,
        eventBurstPerAddress,
        clientAddressHeader);
  }

  /** A copy with at most {@code max} open sockets per address (0: no cap). */
  public ClientLimits withConnectionsPerAddress(int max) {
    return new ClientLimits(
        connectionsPerUser,
        connectsPerSecondPerUser,
        connectBurstPerUser,
        eventsPerSecondPerUser,
        eventBurstPerUser,
        max,
        connectsPerSecondPerAddress,
        connectBurstPerAddress,
        eventsPerSecondPerAddress,
        eventBurstPerAddress,
        clientAddressHeader);
  }

  /** A copy with an address's connect rate and burst (0, 0: no limit). */
  public ClientLimits withConnectsPerAddress(int perSecond, int burst) {
    return new ClientLimits(
        connectionsPerUser,
        connectsPerSecondPerUser,
        connectBurstPerUser,
        eventsPerSecondPerUser,
        eventBurstPerUser,
        connectionsPerAddress,
        perSecond,
        burst,
        eventsPerSecondPerAddress,
        eventBurstPerAddress,
        clientAddressHeader);
  }

  /** A copy with an address's event budget (0, 0: no limit). */
  public ClientLimits withEventsPerAddress(int perSecond, int burst) {
    return new ClientLimits(
        connectionsPerUser,
        connectsPerSecondPerUser,
        connectBurstPerUser,
        eventsPerSecondPerUser,
        eventBurstPerUser,
        connectionsPerAddress,
        connectsPerSecondPerAddress,
        connectBurstPerAddress,
        perSecond,
        burst,
        clientAddressHeader);
  }

  /**
   * A copy reading the client's address from the last value of {@code header} (empty: the peer).
   */
  public ClientLimits withClientAddressHeader(String header) {
    return new ClientLimits(
        connectionsPerUser,
        connectsPerSecondPerUser,
        connectBurstPerUser,
        eventsPerSecondPerUser,
        eventBurstPerUser,
        connectionsPerAddress,
        connectsPerSecondPerAddress,
        connectBurstPerAddress,
        eventsPerSecondPerAddress,
        eventBurstPerAddress,
        header);
  }

  /** This, with the user event budget derived from the default per-connection settings. */
  public ClientLimits resolved() {
    return resolvedAgainst(RealtimeSettings.defaults());
  }

  /** This, with the user event budget derived from {@code settings} where negative. */
  public ClientLimits resolvedAgainst(RealtimeSettings settings) {
    if (eventsPerSecondPerUser >= 0 && eventBurstPerUser >= 0) {
      return this;
    }
    return withEventsPerUser(
        eventsPerSecondPerUser >= 0 ? eventsPerSecondPerUser : 2 * settings.eventsPerSecond(),
        eventBurstPerUser >= 0 ? eventBurstPerUser : 2 * settings.eventBurst());
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
