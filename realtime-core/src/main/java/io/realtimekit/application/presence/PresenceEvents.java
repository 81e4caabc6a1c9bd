package io.realtimekit.application.presence;

/** The wire event names of presence, as clients emit and receive them. */
public final class PresenceEvents {
  private PresenceEvents() {}

  /** Emitted by a client ({@code {role?}}): the company's connected users, then diffs. */
  public static final String LIST = "presence:list";

  /** A diff to presence watchers: a socket of a user opened. */
  public static final String JOINED = "presence:joined";

  /** A diff to presence watchers: a socket of a user closed (or its last one). */
  public static final String LEFT = "presence:left";

  /** To the company's commercials: a visitor came online. */
  public static final String VISITOR_CONNECTED = "visitor:connected";

  /** To the company's commercials: a visitor went offline. */
  public static final String VISITOR_DISCONNECTED = "visitor:disconnected";

  /** To the whole company: a commercial came online. */
  public static final String COMMERCIAL_CONNECTED = "commercial:connected";

  /** To the whole company: a commercial went offline. */
  public static final String COMMERCIAL_DISCONNECTED = "commercial:disconnected";
}
