package io.realtimekit.jetty;

import io.realtimekit.protocol.CloseCodes;
import io.realtimekit.transport.InboundHandler;
import io.realtimekit.transport.SendCallback;
import io.realtimekit.transport.TransportConnection;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.OpCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One socket on Jetty's core WebSocket API, seen by the core as a {@link TransportConnection} and
 * fed through its {@link InboundHandler}. Frames are read one at a time (the next is demanded once
 * the previous one was handled), fragmented messages are assembled up to the frame limit, and
 * frames written while inbound frames are handled leave in one network write per socket and read
 * ({@link WriteCoalescing}).
 */
final class CoreWebSocketConnection implements FrameHandler, TransportConnection {
  private static final Logger log = LoggerFactory.getLogger(CoreWebSocketConnection.class);
  private static final int INVALID_UTF8 = 1007;
  private static final int UNSUPPORTED_DATA = 1003;
  private static final VarHandle DEFERRED;

  static {
    try {
      DEFERRED = MethodHandles.lookup().findVarHandle(CoreWebSocketConnection.class, "deferred", List.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final CoreWebSocketEndpoint owner;
  private final WriteCoalescing coalescing;
  private final Map<String, List<String>> headers;
  private final Map<String, List<String>> query;
  private final String remoteAddress;
  private final AtomicBoolean closeRequested = new AtomicBoolean();
  private volatile CoreSession session;
  private volatile InboundHandler handler;
  /** Flushes of other sockets waiting for this socket's next buffered frame ({@link WriteCoalescing}). */
  private volatile List<CoreWebSocketConnection> deferred;
  /** When a frame was last sent or received (nanoTime); no ping is needed before a heartbeat passed. */
  private volatile long lastActivity = System.nanoTime();
  /** A write is in flight: no ping is needed (and the core keeps one write outstanding). */
  private volatile boolean writing;

  // A fragmented message being assembled; touched by the reading thread only.
  private byte messageOpCode = OpCode.UNDEFINED;
  private byte[] partial;
  private int partialLength;

  CoreWebSocketConnection(
      CoreWebSocketEndpoint owner, Map<String, List<String>> headers, Map<String, List<String>> query, String remoteAddress) {
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
    if (s != null && !writing && lastActivity - idleSince < 0 && !closeRequested.get() && s.isOutputOpen()) {
      lastActivity = System.nanoTime();
      s.sendFrame(new Frame(OpCode.PING), Callback.NOOP, false);
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
      boolean reading = frame.getOpCode() != OpCode.CLOSE && !closeRequested.get() && s.isInputOpen();
      coalescing.exit(this, s, reading);
    }
  }

  private void handleFrame(Frame frame, Callback callback) {
    InboundHandler h = handler;
    switch (frame.getOpCode()) {
      case OpCode.TEXT, OpCode.BINARY -> {
        messageOpCode = frame.getOpCode();
        partialLength = 0;
        data(h, frame, callback);
      }
      case OpCode.CONTINUATION -> data(h, frame, callback);
      case OpCode.PING -> {
        ByteBuffer payload = copy(frame.getPayload());
        callback.succeeded();
        session.sendFrame(new Frame(OpCode.PONG, payload), Callback.NOOP, false);
        session.demand();
      }
      case OpCode.PONG -> {
        callback.succeeded();
        session.demand();
      }
      default -> callback.succeeded(); // CLOSE: the core session answers it
    }
  }

  /** A TEXT, BINARY or CONTINUATION frame; handles the message once its last fragment arrived. */
  private void data(InboundHandler h, Frame frame, Callback callback) {
    if (h == null || messageOpCode == OpCode.UNDEFINED) {
      callback.succeeded();
      return;
    }
    if (messageOpCode == OpCode.BINARY && !h.acceptsBinary()) {
      callback.succeeded();
      endMessage();
      close(UNSUPPORTED_DATA, "binary frames are not accepted");
      return;
    }
    ByteBuffer payload = frame.getPayload();
    int length = payload == null ? 0 : payload.remaining();
    if ((long) partialLength + length > owner.settings().maxFrameBytes()) {
      callback.succeeded();
      endMessage();
      close(CloseCodes.TOO_BIG, "frame too large");
      return;
    }
    if (!frame.isFin()) {
      append(payload, length);
      callback.succeeded();
      session.demand();
      return;
    }
    byte opCode = messageOpCode;
    String text = null;
    int total = partialLength + length;
    if (opCode == OpCode.TEXT) {
      if (partialLength == 0) {
        text = utf8(payload, length);
      } else {
        append(payload, length);
        text = utf8(ByteBuffer.wrap(partial, 0, partialLength), partialLength);
      }
    }
    callback.succeeded(); // the payload is not read past this point
    endMessage();
    if (opCode == OpCode.TEXT) {
      if (text == null) {
        close(INVALID_UTF8, "invalid UTF-8");
        return;
      }
      h.onText(text);
    } else {
      h.onBinary(total);
    }
    session.demand();
  }

  private void append(ByteBuffer payload, int length) {
    if (length == 0) {
      return;
    }
    if (partial == null || partial.length < partialLength + length) {
      int size = Math.max(partialLength + length, partial == null ? 1024 : partial.length * 2);
      partial = partial == null ? new byte[size] : Arrays.copyOf(partial, size);
    }
    payload.duplicate().get(partial, partialLength, length);
    partialLength += length;
  }

  private void endMessage() {
    messageOpCode = OpCode.UNDEFINED;
    partialLength = 0;
    if (partial != null && partial.length > 4096) {
      partial = null; // a large message does not pin its buffer to an idle socket
    }
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
    InboundHandler h = handler;
    if (h != null) {
      h.onClose(closeStatus.getCode(), closeStatus.getReason());
    }
    callback.succeeded();
  }

  // ---- helpers -------------------------------------------------------------------------------

  /** The payload as text, or null when it is not valid UTF-8. */
  static String utf8(ByteBuffer payload, int length) {
    if (length == 0) {
      return "";
    }
    byte[] bytes;
    int offset;
    if (payload.hasArray()) {
      bytes = payload.array();
      offset = payload.arrayOffset() + payload.position();
    } else {
      bytes = new byte[length];
      payload.duplicate().get(bytes);
      offset = 0;
    }
    String text = new String(bytes, offset, length, StandardCharsets.UTF_8);
    // the lenient decoder above replaces bad input with U+FFFD; only then is a strict pass needed
    if (text.indexOf('\uFFFD') >= 0) {
      try {
        StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(bytes, offset, length));
      } catch (CharacterCodingException e) {
        return null;
      }
    }
    return text;
  }

  private static ByteBuffer copy(ByteBuffer payload) {
    if (payload == null || !payload.hasRemaining()) {
      return ByteBuffer.allocate(0);
    }
    ByteBuffer copy = ByteBuffer.allocate(payload.remaining());
    copy.put(payload.duplicate()).flip();
    return copy;
  }
}
