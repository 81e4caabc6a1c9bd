package io.realtimekit.jetty;

import io.realtimekit.protocol.CloseCodes;
import io.realtimekit.transport.InboundHandler;
import io.realtimekit.transport.SendCallback;
import io.realtimekit.transport.TransportConnection;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.exception.MessageTooLargeException;
import org.eclipse.jetty.websocket.core.messages.MessageSink;
import org.eclipse.jetty.websocket.core.messages.StringMessageSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One socket on Jetty's core WebSocket API, seen by the core as a {@link TransportConnection} and
 * fed through its {@link InboundHandler}. Frames are read one at a time (the next is demanded once
 * the previous one was handled); fragmented text messages are assembled by Jetty's {@link
 * StringMessageSink} up to the frame limit (1009 beyond it, 1007 for invalid UTF-8); frames written
 * while inbound frames are handled leave in one network write per socket and read ({@link
 * WriteCoalescing}, when on).
 *
 * <p>Control frames are bounded like data: at most one pong and one server ping are in flight per
 * socket ({@link PongGate}), so a client that sends pings and reads nothing cannot grow the heap;
 * it is closed with 4429 once the pongs it owes pass the outbound bound.
 */
final class CoreWebSocketConnection implements FrameHandler, TransportConnection {
  private static final Logger log = LoggerFactory.getLogger(CoreWebSocketConnection.class);
  private static final int INVALID_UTF8 = 1007;
  private static final int UNSUPPORTED_DATA = 1003;

  /** A server ping as written: a 2-byte header, no payload. */
  private static final int PING_FRAME_BYTES = 2;

  private static final VarHandle DEFERRED;

  static {
    try {
      DEFERRED =
          MethodHandles.lookup()
              .findVarHandle(CoreWebSocketConnection.class, "deferred", List.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final CoreWebSocketEndpoint owner;
  private final WriteCoalescing coalescing;
  private volatile Map<String, List<String>> headers; // released once open
  private volatile Map<String, List<String>> query; // released once open
  private final String remoteAddress;
  private final AtomicBoolean closeRequested = new AtomicBoolean();
  private volatile CoreSession session;
  private volatile InboundHandler handler;

  /**
   * Flushes of other sockets waiting for this socket's next buffered frame ({@link
   * WriteCoalescing}).
   */
  private volatile List<CoreWebSocketConnection> deferred;

  /**
   * When a frame was last sent or received (nanoTime); no ping is needed before a heartbeat passed.
   */
  private volatile long lastActivity = System.nanoTime();

  /** A write is in flight: no ping is needed (and the core keeps one write outstanding). */
  private volatile boolean writing;

  /** Pongs, at most one in flight per socket. */
  private volatile PongGate pongs;

  /** A server ping is in flight: no other is sent before it was written. */
  private volatile boolean pinging;

  // The message being read; touched by the reading thread only (the close reads the sink).
  private byte messageOpCode = OpCode.UNDEFINED;
  private long binaryLength;
  private volatile MessageSink textFragments;

  CoreWebSocketConnection(
      CoreWebSocketEndpoint owner,
      Map<String, List<String>> headers,
      Map<String, List<String>> query,
      String remoteAddress) {
    this.owner = owner;
    this.coalescing = owner.coalescing();
    this.headers = headers;
    this.query = query;
    this.remoteAddress = remoteAddress;
  }

  // ---- TransportConnection -------------------------------------------------------------------

  @Override
  public String remoteAddress() {
    return remoteAddress;
  }

  @Override
  public Map<String, List<String>> handshakeHeaders() {
    return headers;
  }

  @Override
  public Map<String, List<String>> queryParameters() {
    return query;
  }

  @Override
  public void sendText(String text, SendCallback callback) {
    writing = true;
    lastActivity = System.nanoTime();
    boolean batch = coalescing.active();
    session.sendFrame(new Frame(OpCode.TEXT, text), completion(callback), batch);
    if (batch) {
      coalescing.pending(this);
    }
  }

  /**
   * All but the last frame go into Jetty's batch buffer; the last one flushes them together, or
   * joins them in the batch when the thread is handling an inbound frame ({@link WriteCoalescing}).
   */
  @Override
  public void sendTexts(List<String> texts, SendCallback callback) {
    writing = true;
    lastActivity = System.nanoTime();
    CoreSession s = session;
    boolean batch = coalescing.active();
    int last = texts.size() - 1;
    for (int i = 0; i < last; i++) {
      s.sendFrame(new Frame(OpCode.TEXT, texts.get(i)), Callback.NOOP, true);
    }
    s.sendFrame(new Frame(OpCode.TEXT, texts.get(last)), completion(callback), batch);
    if (batch) {
      coalescing.pending(this);
    }
  }

  /** Hands this socket the flushes deferred to its next frame; see {@link WriteCoalescing}. */
  void defer(List<CoreWebSocketConnection> connections) {
    DEFERRED.setVolatile(this, connections);
  }

  /** The flushes deferred to this socket's next frame, taken once (null when none). */
  @SuppressWarnings("unchecked")
  List<CoreWebSocketConnection> takeDeferred() {
    if (deferred == null) {
      return null; // the common case, without an atomic operation
    }
    return (List<CoreWebSocketConnection>) DEFERRED.getAndSet(this, null);
  }

  /** Writes what Jetty's batch buffer holds for this socket. */
  void flushBatch() {
    CoreSession s = session;
    if (s != null) {
      s.flush(Callback.NOOP);
    }
  }

  private Callback completion(SendCallback callback) {
    return new Callback() {
      @Override
      public void succeeded() {
        writing = false;
        callback.succeeded();
      }

      @Override
      public void failed(Throwable cause) {
        writing = false;
        callback.failed(cause);
      }
    };
  }

  @Override
  public void close(int code, String reason) {
    CoreSession s = session;
    if (s == null || !closeRequested.compareAndSet(false, true)) {
      return;
    }
    // queued after any frame already sent: Jetty's flusher keeps the order
    s.close(code, CloseCodes.truncateReason(reason), Callback.NOOP);
  }

  /** Pings the socket when nothing was sent or received since {@code idleSince} (nanoTime). */
  void pingIfIdleSince(long idleSince) {
    CoreSession s = session;
    if (s != null
        && !writing
        && !pinging
        && lastActivity - idleSince < 0
        && !closeRequested.get()
        && s.isOutputOpen()) {
      lastActivity = System.nanoTime();
      pinging =
          true; // one ping in flight at most: a socket that does not read gets no pile of pings
      s.sendFrame(
          new Frame(OpCode.PING),
          Callback.from(() -> pinging = false, x -> pinging = false),
          false);
    }
  }

  // ---- FrameHandler --------------------------------------------------------------------------

  @Override
  public void onOpen(CoreSession coreSession, Callback callback) {
    this.session = coreSession;
    InboundHandler h;
    try {
      h = owner.transport().accept(this);
    } catch (IllegalStateException e) {
      log.debug("connection refused: {}", e.getMessage());
      callback.succeeded();
      close(CloseCodes.GOING_AWAY, "server shutting down");
      return;
    }
    handler = h;
    owner.opened(this);
    callback.succeeded();
    h.onOpen();
    headers = Map.of(); // the core reads them in onOpen only: an idle socket holds neither
    query = Map.of();
    coreSession.demand();
  }

  @Override
  public void onFrame(Frame frame, Callback callback) {
    lastActivity = System.nanoTime();
    coalescing.enter(this);
    try {
      handleFrame(frame, callback);
    } finally {
      CoreSession s = session;
      boolean reading =
          frame.getOpCode() != OpCode.CLOSE && !closeRequested.get() && s.isInputOpen();
      coalescing.exit(this, s, reading);
    }
  }

  private void handleFrame(Frame frame, Callback callback) {
    InboundHandler h = handler;
    switch (frame.getOpCode()) {
      case OpCode.TEXT -> {
        messageOpCode = OpCode.TEXT;
        text(h, frame, callback);
      }
      case OpCode.BINARY -> {
        messageOpCode = OpCode.BINARY;
        binaryLength = 0;
        binary(h, frame, callback);
      }
      case OpCode.CONTINUATION -> {
        if (messageOpCode == OpCode.TEXT) {
          text(h, frame, callback);
        } else {
          binary(h, frame, callback);
        }
      }
      case OpCode.PING -> {
        ByteBuffer payload = FramePayloads.copy(frame.getPayload());
        callback.succeeded();
        PongGate gate = pongs;
        if (gate == null) { // made at the first ping: an idle socket holds none
          gate = new PongGate(session, owner.settings().outboundQueueBytes());
          pongs = gate;
        }
        if (!closeRequested.get() && !gate.answer(payload)) {
          slowConsumer("pongs not read");
        }
        session.demand();
      }
      case OpCode.PONG -> {
        callback.succeeded();
        session.demand();
      }
      default -> callback.succeeded(); // CLOSE: the core session answers it
    }
  }

  /**
   * A TEXT or text CONTINUATION frame. A whole message in one frame (the common case) is decoded
   * here with the JDK's decoder, without a builder per message; fragments go to Jetty's {@link
   * StringMessageSink}, which calls {@link #onMessage} with the assembled text.
   */
  private void text(InboundHandler h, Frame frame, Callback callback) {
    if (h == null) {
      callback.succeeded();
      return;
    }
    if (frame.getOpCode() != OpCode.TEXT || !frame.isFin()) {
      if (frame.isFin()) {
        messageOpCode = OpCode.UNDEFINED;
      }
      fragments().accept(frame, callback);
      return;
    }
    messageOpCode = OpCode.UNDEFINED;
    ByteBuffer payload = frame.getPayload();
    String text = FramePayloads.utf8(payload, payload == null ? 0 : payload.remaining());
    callback.succeeded(); // the payload is not read past this point
    if (text == null) {
      close(INVALID_UTF8, "invalid UTF-8");
      return;
    }
    onMessage(text);
    session.demand();
  }

  /**
   * Jetty's assembly of fragmented text, made at the first fragment (an idle socket holds none): it
   * enforces the message limit across fragments (1009), validates UTF-8 (1007), and demands the
   * next frame itself once a fragment or the message was handled.
   */
  private MessageSink fragments() {
    MessageSink sink = textFragments;
    if (sink == null) {
      sink =
          new StringMessageSink(
              session,
              args -> {
                onMessage((String) args[0]);
                return null;
              },
              true);
      textFragments = sink;
    }
    return sink;
  }

  /** One whole text message, from {@link #text} or from Jetty's sink. */
  private void onMessage(String text) {
    InboundHandler h = handler;
    if (h != null && !closeRequested.get()) {
      h.onText(text);
    }
  }

  /**
   * A BINARY or binary CONTINUATION frame: only its length is kept (the protocols carry no binary
   * data).
   */
  private void binary(InboundHandler h, Frame frame, Callback callback) {
    if (h == null || messageOpCode != OpCode.BINARY) {
      callback.succeeded();
      return;
    }
    if (!h.acceptsBinary()) {
      messageOpCode = OpCode.UNDEFINED;
      callback.succeeded();
      close(UNSUPPORTED_DATA, "binary frames are not accepted");
      return;
    }
    binaryLength += frame.getPayloadLength();
    long max = owner.settings().maxFrameBytes();
    if (binaryLength > max) {
      messageOpCode = OpCode.UNDEFINED;
      callback.failed(new MessageTooLargeException("binary message over " + max + " bytes"));
      return;
    }
    callback.succeeded();
    if (frame.isFin()) {
      messageOpCode = OpCode.UNDEFINED;
      h.onBinary((int) binaryLength);
    }
    session.demand();
  }

  /**
   * Closes a socket that does not read what it asks for (its pongs) with 4429, as the core does for
   * data.
   */
  private void slowConsumer(String why) {
    log.debug("socket {} closed as too slow: {}", remoteAddress, why);
    close(CloseCodes.RATE_LIMITED, "consumer too slow");
  }

  /**
   * Bytes of control frames (pongs, pings) handed to Jetty and not written yet; see {@link
   * PongGate}.
   */
  long controlBytesInFlight() {
    PongGate p = pongs;
    return (p == null ? 0 : p.bytesInFlight()) + (pinging ? PING_FRAME_BYTES : 0);
  }

  /** True once a close of this socket was asked for (by the core, the adapter or the client). */
  boolean closeRequested() {
    return closeRequested.get();
  }

  @Override
  public void onError(Throwable cause, Callback callback) {
    coalescing.flushDeferred(this);
    InboundHandler h = handler;
    if (h != null) {
      h.onError(cause);
    } else {
      log.debug("error before open from {}: {}", remoteAddress, cause.toString());
    }
    callback.succeeded();
  }

  @Override
  public void onClosed(CloseStatus closeStatus, Callback callback) {
    closeRequested.set(true);
    coalescing.flushDeferred(this);
    owner.closed(this);
    MessageSink sink = textFragments;
    if (sink != null) {
      sink.fail(new ClosedChannelException());
    }
    InboundHandler h = handler;
    if (h != null) {
      h.onClose(closeStatus.getCode(), closeStatus.getReason());
    }
    callback.succeeded();
  }
}
