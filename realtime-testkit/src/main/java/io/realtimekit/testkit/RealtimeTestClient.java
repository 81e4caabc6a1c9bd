package io.realtimekit.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.glassfish.tyrus.client.ClientProperties;

/**
 * A native-protocol client for tests, on the Tyrus client (never {@code ContainerProvider}, which
 * may pick another implementation on the classpath). Each client owns its Tyrus container and
 * releases it in {@link #close()}; the container's executors belong to the kit, so Tyrus cannot
 * stop them while a send is under way (see {@link KitClientManager}). The client's threads are
 * daemon threads named {@code testkit-tyrus-client-...}, ended by {@link #close()}.
 *
 * <pre>{@code
 * try (RealtimeTestClient visitor = RealtimeTestClient.connect(uri, token, AuthMode.FIRST_FRAME)) {
 *   Reply r = visitor.emit("chat:message", Map.of("to", "c1", "message", "hi")).get(5, SECONDS);
 *   JsonNode msg = commercial.await("chat:message", Duration.ofSeconds(5));
 * }
 * }</pre>
 *
 * <p>Every frame received is kept ({@link #frames()}); events (frames with {@code event}, and
 * {@code type} frames such as {@code connected} and {@code error}) are queued for {@link #await},
 * which consumes them in arrival order. Thread-safe.
 *
 * <p>Message continuity: {@link #epoch()} and {@link #offset()} follow the user's stream position
 * (from {@code connected} and each kept event's {@code offset}); {@link #reconnect} opens a new
 * client that recovers from where a previous one stopped.
 */
public final class RealtimeTestClient implements AutoCloseable {
  /** Default bound of every wait of the client. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final KitClientManager manager;
  private final Duration timeout;
  private final PendingReplies replies = new PendingReplies();
  private final ReceivedFrames received =
      new ReceivedFrames(replies.byId(), this::closeCode, this::toString);
  private final CompletableFuture<CloseReason> closed = new CompletableFuture<>();
  private final ReadGate readGate = new ReadGate();
  private volatile Session session;
  private volatile JsonNode connected = MissingNode.getInstance();
  private final StreamPosition position = new StreamPosition();

  /**
   * Connection options.
   *
   * @param bearer a token sent as {@code Authorization: Bearer}, or null
   * @param origin the {@code Origin} header, or null for none
   * @param headers other headers of the upgrade request
   * @param timeout the bound of the connect and of waits without an explicit timeout
   */
  public record Options(
      String bearer, String origin, Map<String, String> headers, Duration timeout) {
    /** Copies. */
    public Options {
      headers = Map.copyOf(headers);
      Objects.requireNonNull(timeout, "timeout");
    }

    /** No token, no origin, 5 s timeout. */
    public static Options defaults() {
      return new Options(null, null, Map.of(), DEFAULT_TIMEOUT);
    }

    /** With {@code Authorization: Bearer token}. */
    public Options withBearer(String token) {
      return new Options(token, origin, headers, timeout);
    }

    /** With an {@code Origin} header. */
    public Options withOrigin(String value) {
      return new Options(bearer, value, headers, timeout);
    }

    /** With one more header. */
    public Options withHeader(String name, String value) {
      Map<String, String> h = new LinkedHashMap<>(headers);
      h.put(name, value);
      return new Options(bearer, origin, h, timeout);
    }

    /** With another timeout. */
    public Options withTimeout(Duration value) {
      return new Options(bearer, origin, headers, value);
    }
  }

  /** The upgrade was refused (for example HTTP 403 for an origin not allowed). */
  public static final class HandshakeRefusedException extends IOException {
    private static final long serialVersionUID = 1L;
    private final int status;

    HandshakeRefusedException(String message, int status, Throwable cause) {
      super(message, cause);
      this.status = status;
    }

    /** The HTTP status of the refusal, or -1 when the client did not tell. */
    public int status() {
      return status;
    }
  }

  private RealtimeTestClient(Duration timeout) {
    this.timeout = timeout;
    this.manager = new KitClientManager();
    manager.getProperties().put(ClientProperties.HANDSHAKE_TIMEOUT, (int) timeout.toMillis() * 2);
    manager.setDefaultMaxTextMessageBufferSize(4 * 1024 * 1024);
  }

  /** Connects and authenticates with {@code token} by {@code mode}; waits for {@code connected}. */
  public static RealtimeTestClient connect(URI uri, String token, AuthMode mode)
      throws IOException {
    return connect(uri, token, mode, Options.defaults());
  }

  /**
   * Connects and authenticates with {@code token} by {@code mode}, with {@code options} (origin,
   * headers, timeout); waits for {@code connected}.
   *
   * @throws AssertionError when the server answers anything but {@code connected} in time
   */
  public static RealtimeTestClient connect(URI uri, String token, AuthMode mode, Options options)
      throws IOException {
    Objects.requireNonNull(token, "token");
    Options o = mode == AuthMode.HEADER ? options.withBearer(token) : options;
    return openConnected(uri, o, mode == AuthMode.FIRST_FRAME ? connectFrame(token) : null);
  }

  /**
   * Connects and authenticates by first frame asking to recover the user's stream after {@code
   * epoch} and {@code offset} ({@code {"type":"connect","token":..,"recover":{..}}}); waits for
   * {@code connected}. The recovered events arrive before it and stay queued for {@link #await};
   * {@code connectedData()} tells {@code recovered} and {@code recoveredCount}.
   */
  public static RealtimeTestClient connectRecovering(
      URI uri, String token, String epoch, long offset, Options options) throws IOException {
    Objects.requireNonNull(token, "token");
    return openConnected(uri, options, StreamPosition.recoverFrame(token, epoch, offset));
  }

  /**
   * Opens, sends {@code firstFrame} unless null, waits for {@code connected}; closes on failure.
   */
  private static RealtimeTestClient openConnected(URI uri, Options options, String firstFrame)
      throws IOException {
    RealtimeTestClient client = open(uri, options);
    try {
      if (firstFrame != null) {
        client.send(firstFrame);
      }
      client.connected = client.await("connected", options.timeout());
      return client;
    } catch (RuntimeException | Error e) {
      client.close();
      throw e;
    }
  }

  /**
   * As {@link #connectRecovering(URI, String, String, long, Options)}, from where {@code previous}
   * (an earlier client of the same user, closed or not) stopped: its {@link #epoch()} and {@link
   * #offset()}.
   */
  public static RealtimeTestClient reconnect(
      URI uri, String token, RealtimeTestClient previous, Options options) throws IOException {
    if (previous.epoch() == null) {
      throw new IllegalStateException("the previous client got no stream position (recovery off?)");
    }
    return connectRecovering(uri, token, previous.epoch(), previous.offset(), options);
  }

  /**
   * The epoch of the user's stream as {@code connected} told it, or null (recovery off, or not
   * connected).
   */
  public String epoch() {
    return position.epoch();
  }

  /**
   * The offset of the last kept event this client received (replayed or live), or the {@code
   * connected} offset when none came after it; -1 before {@code connected}.
   */
  public long offset() {
    return position.offset();
  }

  /** Opens a socket without authenticating (for negative tests). */
  public static RealtimeTestClient open(URI uri) throws IOException {
    return open(uri, Options.defaults());
  }

  /**
   * Opens a socket with {@code options} and does nothing else.
   *
   * @throws HandshakeRefusedException when the server refuses the upgrade
   */
  public static RealtimeTestClient open(URI uri, Options options) throws IOException {
    RealtimeTestClient client = new RealtimeTestClient(options.timeout());
    try {
      client.session =
          UpgradeRequest.connect(client.manager, client.new ClientEndpoint(), uri, options);
      return client;
    } catch (IOException | RuntimeException e) {
      client.close();
      throw e;
    }
  }

  /** Sends the first frame {@code {"type":"connect","token":...}} without waiting. */
  public void authenticate(String token) {
    send(connectFrame(token));
  }

  private static String connectFrame(String token) {
    return JSON.createObjectNode().put("type", "connect").put("token", token).toString();
  }

  /** The data of the {@code connected} frame (a missing node for a client from {@link #open}). */
  public JsonNode connectedData() {
    return connected;
  }

  /**
   * Emits {@code event} with {@code data} (a JsonNode, a Map, a record...) and an id; the future
   * completes with the server's reply. It does not time out by itself: bound it with {@code
   * get(timeout)} or use {@link #request}.
   */
  public CompletableFuture<Reply> emit(String event, Object data) {
    return replies.emit(event, data, this::send);
  }

  /** {@link #emit} and wait for the reply at most the client's timeout. */
  public Reply request(String event, Object data) {
    try {
      return emit(event, data).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("no reply to '" + event + "' within " + timeout + "; " + this, e);
    } catch (ExecutionException e) {
      throw new AssertionError("emit of '" + event + "' failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Emits {@code event} without an id (no reply is asked for). */
  public void fire(String event, Object data) {
    send(PendingReplies.eventFrame(event, data).toString());
  }

  /**
   * Sends one raw text frame, synchronously.
   *
   * @throws UncheckedIOException when the socket cannot take it (closed)
   */
  public void send(String rawText) {
    Session s = session;
    if (s == null || !s.isOpen()) {
      throw new UncheckedIOException(new IOException("socket is not open"));
    }
    try {
      s.getBasicRemote().sendText(rawText);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      // Tyrus reports a send on a socket closing under it with several unchecked exceptions
      // (IllegalStateException, a bare "Socket is not connected"): to the caller each means the
      // same, the socket is gone
      throw new UncheckedIOException(new IOException("socket is closing", e));
    }
  }

  /** True while the socket is open. */
  public boolean isOpen() {
    Session s = session;
    return s != null && s.isOpen();
  }

  /**
   * Waits for the next unconsumed {@code event} (or {@code type} frame, such as {@code connected}
   * and {@code error}) and returns its {@code data}.
   *
   * @throws AssertionError when none arrives within {@code within}, or the socket closes first
   */
  public JsonNode await(String event, Duration within) {
    return received.await(event, within);
  }

  /** {@link #await(String, Duration)} with the client's timeout. */
  public JsonNode await(String event) {
    return await(event, timeout);
  }

  /**
   * Asserts that no {@code event} arrives during {@code during} (a negative check: it waits the
   * whole duration unless the event shows up).
   */
  public void assertNoEvent(String event, Duration during) {
    received.assertNoEvent(event, during);
  }

  /** Every text frame received so far, raw, in order. */
  public List<String> frames() {
    return received.frames();
  }

  /** Every event (or type) name received so far, in order, replies excluded. */
  public List<String> eventNames() {
    return received.eventNames();
  }

  /**
   * Waits for the socket to close and returns the close code.
   *
   * @throws AssertionError when it is still open after {@code within}
   */
  public int awaitClose(Duration within) {
    try {
      return closed.get(within.toMillis(), TimeUnit.MILLISECONDS).getCloseCode().getCode();
    } catch (TimeoutException e) {
      throw new AssertionError("socket still open after " + within + "; " + this, e);
    } catch (ExecutionException e) {
      throw new AssertionError(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** The close code and reason once closed. */
  public Optional<CloseReason> closeReason() {
    return Optional.ofNullable(closed.getNow(null));
  }

  /**
   * From the next received frame on, the client's reading thread blocks (up to 60 s) until {@link
   * #resumeReading()}: the client stops reading the socket, like a stalled consumer. Tyrus delivers
   * messages on its reading thread, so the server's writes back up.
   */
  public void stopReading() {
    readGate.close();
  }

  /** True when a frame arrived after {@link #stopReading()} and the reader is now blocked. */
  public boolean awaitReaderBlocked(Duration within) throws InterruptedException {
    return readGate.awaitBlocked(within);
  }

  /** Lets the reading thread go on. */
  public void resumeReading() {
    readGate.open();
  }

  /**
   * Closes the socket (1000) if open, then stops the client's container and threads. Idempotent.
   */
  @Override
  public void close() {
    resumeReading();
    Session s = session;
    try {
      if (s != null && s.isOpen()) {
        s.close(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "bye"));
      }
    } catch (IOException | RuntimeException ignored) {
      // already gone
    } finally {
      manager.release();
    }
  }

  @Override
  public String toString() {
    return "RealtimeTestClient[open="
        + isOpen()
        + ", close="
        + closeReason().map(r -> r.getCloseCode().getCode() + " " + r.getReasonPhrase()).orElse("-")
        + ", "
        + received.summary()
        + "]";
  }

  private OptionalInt closeCode() {
    return closed.isDone()
        ? OptionalInt.of(closed.join().getCloseCode().getCode())
        : OptionalInt.empty();
  }

  private void received(String text) {
    readGate.pass();
    // the position first: a test that awaited this frame then reads epoch() and offset()
    position.track(text);
    received.accept(text);
  }

  private final class ClientEndpoint extends Endpoint {
    @Override
    public void onOpen(Session s, EndpointConfig config) {
      s.addMessageHandler(
          String.class,
          new MessageHandler.Whole<String>() {
            @Override
            public void onMessage(String text) {
              received(text);
            }
          });
    }

    @Override
    public void onClose(Session s, CloseReason reason) {
      closed.complete(reason);
      replies.failAll(reason);
      received.wakeUp();
    }

    @Override
    public void onError(Session s, Throwable error) {
      // a close follows
    }
  }
}
