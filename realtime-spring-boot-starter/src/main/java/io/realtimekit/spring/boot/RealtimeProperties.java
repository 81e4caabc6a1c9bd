package io.realtimekit.spring.boot;

import io.realtimekit.RealtimeSettings;
import io.realtimekit.domain.UserIdScope;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code realtime.*} settings of {@code application.yml}. Every default is the library's
 * ({@link RealtimeSettings#defaults()}), except {@code socket-io.enabled}, which is on here so the
 * official {@code socket.io-client} connects out of the box.
 *
 * <pre>{@code
 * realtime:
 *   jwt:
 *     secret: ${REALTIME_JWT_SECRET}      # HS256, at least 32 bytes; or jwk-set-uri
 *     issuer: https://auth.example.com
 *   assignment: least-loaded             # off | offer-all | round-robin | least-loaded
 *   user-ids: per-company                # global (the default) | per-company
 *   allowed-origins: https://www.example.com
 * }</pre>
 */
@ConfigurationProperties(prefix = "realtime")
public class RealtimeProperties {
  private static final RealtimeSettings DEFAULTS = RealtimeSettings.defaults();

  /** Whether the starter configures realtimekit at all. */
  private boolean enabled = true;

  /** Path of the native protocol's WebSocket endpoint, relative to the servlet context. */
  private String path = DEFAULTS.path();

  /**
   * A user whose last socket closed stays online this long; a reconnect inside it is invisible to
   * the rest of the system.
   */
  private Duration gracePeriod = DEFAULTS.gracePeriod();

  /** An unauthenticated socket is closed with 4401 after this. */
  private Duration authTimeout = DEFAULTS.authTimeout();

  /** Server ping interval, sent to clients as heartbeatMs. */
  private Duration heartbeat = DEFAULTS.heartbeat();

  /** A silent socket is closed after this; must be longer than the heartbeat. */
  private Duration idleTimeout = DEFAULTS.idleTimeout();

  /**
   * Assignment of visitors to commercials: off, offer-all, round-robin or least-loaded. Ignored
   * when the application declares its own AssignmentPolicy bean.
   */
  private String assignment = "off";

  /** Visitors per commercial when the commercial's token has no maxChats claim. */
  private int defaultCapacity = 3;

  /**
   * Whether a user is its token's sub alone (global, the default) or its company and sub together
   * (per-company: two companies may each have a user u-1, and every id shown is companyId/sub).
   */
  private UserIdScope userIds = UserIdScope.GLOBAL;

  /** Browser Origin values allowed to connect; empty allows every origin. */
  private Set<String> allowedOrigins = new LinkedHashSet<>();

  /** How long a stopping application waits for its sockets to close (each gets 1001). */
  private Duration shutdownTimeout = Duration.ofSeconds(5);

  /**
   * Whether domain events (UserConnected, ChatMessageSent...) are published as Spring application
   * events.
   */
  private boolean publishEvents = true;

  private final Jwt jwt = new Jwt();
  private final Limits limits = new Limits();
  private final SocketIo socketIo = new SocketIo();
  private final Redis redis = new Redis();

  /** Whether the starter configures realtimekit at all (default true). */
  public boolean isEnabled() {
    return enabled;
  }

  /** See {@link #isEnabled()}. */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /** The native protocol's path (default {@code /realtime}). */
  public String getPath() {
    return path;
  }

  /** See {@link #getPath()}. */
  public void setPath(String path) {
    this.path = path;
  }

  /** The grace period (default 3 s). */
  public Duration getGracePeriod() {
    return gracePeriod;
  }

  /** See {@link #getGracePeriod()}. */
  public void setGracePeriod(Duration gracePeriod) {
    this.gracePeriod = gracePeriod;
  }

  /** The authentication timeout (default 5 s). */
  public Duration getAuthTimeout() {
    return authTimeout;
  }

  /** See {@link #getAuthTimeout()}. */
  public void setAuthTimeout(Duration authTimeout) {
    this.authTimeout = authTimeout;
  }

  /** The heartbeat (default 25 s). */
  public Duration getHeartbeat() {
    return heartbeat;
  }

  /** See {@link #getHeartbeat()}. */
  public void setHeartbeat(Duration heartbeat) {
    this.heartbeat = heartbeat;
  }

  /** The idle timeout (default 60 s). */
  public Duration getIdleTimeout() {
    return idleTimeout;
  }

  /** See {@link #getIdleTimeout()}. */
  public void setIdleTimeout(Duration idleTimeout) {
    this.idleTimeout = idleTimeout;
  }

  /** The assignment policy's name (default {@code off}). */
  public String getAssignment() {
    return assignment;
  }

  /** See {@link #getAssignment()}. */
  public void setAssignment(String assignment) {
    this.assignment = assignment;
  }

  /** The default capacity of a commercial (default 3). */
  public int getDefaultCapacity() {
    return defaultCapacity;
  }

  /** See {@link #getDefaultCapacity()}. */
  public void setDefaultCapacity(int defaultCapacity) {
    this.defaultCapacity = defaultCapacity;
  }

  /** {@code realtime.user-ids}: {@code global} (the default) or {@code per-company}. */
  public UserIdScope getUserIds() {
    return userIds;
  }

  /** See {@link #getUserIds()}. */
  public void setUserIds(UserIdScope userIds) {
    this.userIds = userIds;
  }

  /** The allowed origins (default empty: all). */
  public Set<String> getAllowedOrigins() {
    return allowedOrigins;
  }

  /** See {@link #getAllowedOrigins()}. */
  public void setAllowedOrigins(Set<String> allowedOrigins) {
    this.allowedOrigins = allowedOrigins;
  }

  /** The shutdown timeout (default 5 s). */
  public Duration getShutdownTimeout() {
    return shutdownTimeout;
  }

  /** See {@link #getShutdownTimeout()}. */
  public void setShutdownTimeout(Duration shutdownTimeout) {
    this.shutdownTimeout = shutdownTimeout;
  }

  /** Whether domain events become Spring application events (default true). */
  public boolean isPublishEvents() {
    return publishEvents;
  }

  /** See {@link #isPublishEvents()}. */
  public void setPublishEvents(boolean publishEvents) {
    this.publishEvents = publishEvents;
  }

  /** {@code realtime.jwt.*}. */
  public Jwt getJwt() {
    return jwt;
  }

  /** {@code realtime.limits.*}. */
  public Limits getLimits() {
    return limits;
  }

  /** {@code realtime.socket-io.*}. */
  public SocketIo getSocketIo() {
    return socketIo;
  }

  /** {@code realtime.redis.*}. */
  public Redis getRedis() {
    return redis;
  }

  /**
   * The settings these properties describe; throws {@link IllegalArgumentException} naming a bad
   * one.
   */
  public RealtimeSettings toSettings() {
    return new RealtimeSettings(
        limits.maxFrameBytes,
        authTimeout,
        heartbeat,
        idleTimeout,
        limits.eventsPerSecond,
        limits.eventBurst,
        limits.outboundQueueBytes,
        gracePeriod,
        allowedOrigins,
        path,
        Math.max(limits.maxFrameBytes, RealtimeSettings.defaults().maxOutboundFrameBytes()));
  }

  /**
   * {@code realtime.jwt.*}: how tokens are verified, unless the application declares its own
   * TokenVerifier bean. Exactly one of {@code secret} and {@code jwk-set-uri}.
   */
  public static class Jwt {
    /** HMAC secret (HS256/384/512), at least 32 bytes of UTF-8. */
    private String secret;

    /** URL of a JWK set (an OpenID provider's jwks_uri) for RSA- and EC-signed tokens. */
    private URI jwkSetUri;

    /** Required iss claim; unset accepts any issuer. */
    private String issuer;

    /** Required aud value; unset accepts any audience. */
    private String audience;

    /** Tolerance on exp and nbf. */
    private Duration clockSkew = Duration.ofSeconds(30);

    /** The HMAC secret (no default). */
    public String getSecret() {
      return secret;
    }

    /** See {@link #getSecret()}. */
    public void setSecret(String secret) {
      this.secret = secret;
    }

    /** The JWK set URL (no default). */
    public URI getJwkSetUri() {
      return jwkSetUri;
    }

    /** See {@link #getJwkSetUri()}. */
    public void setJwkSetUri(URI jwkSetUri) {
      this.jwkSetUri = jwkSetUri;
    }

    /** The required issuer (default: not checked). */
    public String getIssuer() {
      return issuer;
    }

    /** See {@link #getIssuer()}. */
    public void setIssuer(String issuer) {
      this.issuer = issuer;
    }

    /** The required audience (default: not checked). */
    public String getAudience() {
      return audience;
    }

    /** See {@link #getAudience()}. */
    public void setAudience(String audience) {
      this.audience = audience;
    }

    /** The clock skew (default 30 s). */
    public Duration getClockSkew() {
      return clockSkew;
    }

    /** See {@link #getClockSkew()}. */
    public void setClockSkew(Duration clockSkew) {
      this.clockSkew = clockSkew;
    }
  }

  /** {@code realtime.limits.*}: per-connection limits. */
  public static class Limits {
    /** Largest text frame accepted; a larger one closes the socket with 1009. */
    private int maxFrameBytes = DEFAULTS.maxFrameBytes();

    /** Sustained client events per second per connection; over it events get RATE_LIMITED. */
    private int eventsPerSecond = DEFAULTS.eventsPerSecond();

    /** Client events a connection may send in a burst. */
    private int eventBurst = DEFAULTS.eventBurst();

    /** Unsent bytes a socket may hold before it is closed with 4429. */
    private long outboundQueueBytes = DEFAULTS.outboundQueueBytes();

    /** The frame limit (default 65536). */
    public int getMaxFrameBytes() {
      return maxFrameBytes;
    }

    /** See {@link #getMaxFrameBytes()}. */
    public void setMaxFrameBytes(int maxFrameBytes) {
      this.maxFrameBytes = maxFrameBytes;
    }

    /** Events per second (default 50). */
    public int getEventsPerSecond() {
      return eventsPerSecond;
    }

    /** See {@link #getEventsPerSecond()}. */
    public void setEventsPerSecond(int eventsPerSecond) {
      this.eventsPerSecond = eventsPerSecond;
    }

    /** The burst (default 100). */
    public int getEventBurst() {
      return eventBurst;
    }

    /** See {@link #getEventBurst()}. */
    public void setEventBurst(int eventBurst) {
      this.eventBurst = eventBurst;
    }

    /** The outbound queue limit (default 1 MiB). */
    public long getOutboundQueueBytes() {
      return outboundQueueBytes;
    }

    /** See {@link #getOutboundQueueBytes()}. */
    public void setOutboundQueueBytes(long outboundQueueBytes) {
      this.outboundQueueBytes = outboundQueueBytes;
    }
  }

  /** {@code realtime.socket-io.*}. */
  public static class SocketIo {
    /** Whether Socket.IO clients are served at /socket.io/ (WebSocket and long-polling). */
    private boolean enabled = true;

    /** Whether Socket.IO is served (default true). */
    public boolean isEnabled() {
      return enabled;
    }

    /** See {@link #isEnabled()}. */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }
  }

  /** {@code realtime.redis.*}: cluster mode, when realtime-redis is on the classpath. */
  public static class Redis {
    /** Redis URI (redis://host:port); set, it turns cluster mode on. */
    private String url;

    /** This node's id, unique in the cluster; a random one when unset. */
    private String nodeId;

    /** The Redis URI (default: none, single node). */
    public String getUrl() {
      return url;
    }

    /** See {@link #getUrl()}. */
    public void setUrl(String url) {
      this.url = url;
    }

    /** The node id (default random). */
    public String getNodeId() {
      return nodeId;
    }

    /** See {@link #getNodeId()}. */
    public void setNodeId(String nodeId) {
      this.nodeId = nodeId;
    }
  }
}
