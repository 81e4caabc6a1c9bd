package io.realtimekit.bench.run;

import io.realtimekit.bench.load.SocketIoFrames;
import io.realtimekit.bench.load.Ws;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntConsumer;
import java.util.function.LongConsumer;

/**
 * One simulated user: authenticates (native: its first frame; Socket.IO: the CONNECT packet after
 * the Engine.IO open packet), sends {@code chat:message} to its partner with the send time
 * (System.nanoTime, same process as the receiver) in the text, and reports what it receives. Frames
 * are recognised by prefix, without parsing JSON, so that the load generator stays cheap. Socket.IO
 * acknowledgements are matched to the ids this peer sent: an ack for an id it never sent counts as
 * a failed reply; server pings are answered with a pong.
 */
final class Peer implements Ws.Handler {
  private static final String CHAT = "{\"event\":\"chat:message\"";
  private static final String MARK = "\"message\":\"t=";
  private static final String ASSIGNED = "{\"event\":\"visitor:assigned\"";

  final String userId;
  final String token;
  final Protocol protocol;
  final CompletableFuture<Peer> connected = new CompletableFuture<>();

  /** Completed when a visitor is told {@code visitor:assigned} (a server that assigns visitors). */
  final CompletableFuture<Peer> assigned = new CompletableFuture<>();

  volatile Ws ws;
  volatile Peer partner;

  /** Called with the send time of each chat message received. */
  volatile LongConsumer onChat = t -> {};

  /** Called for each other event pushed (fan-out, visitor:connected). */
  volatile Runnable onOther = () -> {};

  /** Called with the close code when the socket closes (after {@link #connected} or not). */
  volatile IntConsumer onClosed = code -> {};

  /** True: every message received makes the partner send the next (closed loop). */
  volatile boolean loop;

  final AtomicLong failedReplies;

  /** Replies (acks) that said ok. */
  final LongAdder okReplies = new LongAdder();

  private String prefix;
  private long seq;

  Peer(String userId, String token, AtomicLong failedReplies) {
    this(userId, token, Protocol.NATIVE, failedReplies);
  }

  Peer(String userId, String token, Protocol protocol, AtomicLong failedReplies) {
    this.userId = userId;
    this.token = token;
    this.protocol = protocol;
    this.failedReplies = failedReplies;
  }

  /** The native protocol's first frame. */
  String connectFrame() {
    return "{\"type\":\"connect\",\"token\":\"" + token + "\"}";
  }

  /**
   * The WebSocket is open: the native protocol authenticates now, Socket.IO once the server's open
   * packet is in.
   */
  void onOpen(Ws socket) {
    if (protocol == Protocol.NATIVE) {
      socket.send(connectFrame());
    }
  }

  void pairWith(Peer other) {
    this.partner = other;
    this.prefix =
        protocol == Protocol.NATIVE
            ? "{\"event\":\"chat:message\",\"data\":{\"to\":\""
                + other.userId
                + "\",\"message\":\"t="
            : "[\"chat:message\",{\"to\":\"" + other.userId + "\",\"message\":\"t=";
  }

  /** Sends one message to the partner stamped {@code sentAt} (nanoTime). */
  void sendChat(long sentAt) {
    long id;
    synchronized (this) {
      id = ++seq;
    }
    ws.send(
        protocol == Protocol.NATIVE
            ? prefix + sentAt + "\"},\"id\":" + id + "}"
            : "42" + id + prefix + sentAt + "\"}]");
  }

  @Override
  public void onText(Ws socket, String text) {
    if (protocol == Protocol.NATIVE) {
      onNative(text);
    } else {
      onSocketIo(socket, text);
    }
  }

  private void onNative(String text) {
    if (text.startsWith(CHAT)) {
      received(text);
    } else if (text.startsWith("{\"reply\":")) {
      replied(text.contains("\"ok\":true"), text);
    } else if (text.startsWith("{\"type\":\"connected\"")) {
      connected.complete(this);
    } else if (text.startsWith("{\"type\":\"error\"")) {
      connected.completeExceptionally(new IllegalStateException(userId + " refused: " + text));
    } else {
      if (text.startsWith(ASSIGNED)) {
        assigned.complete(this);
      }
      onOther.run();
    }
  }

  private void onSocketIo(Ws socket, String text) {
    SocketIoFrames.Packet p = SocketIoFrames.decode(text);
    switch (p.type()) {
      case SocketIoFrames.EVENT -> {
        if ("chat:message".equals(p.event())) {
          received(text);
        } else {
          if ("visitor:assigned".equals(p.event())) {
            assigned.complete(this);
          }
          onOther.run();
        }
      }
      case SocketIoFrames.ACK -> {
        long sent;
        synchronized (this) {
          sent = seq;
        }
        if (p.id() < 1 || p.id() > sent) {
          replied(false, "ack for an id never sent: " + text);
        } else {
          replied(SocketIoFrames.ackOk(text, p), text);
        }
      }
      case SocketIoFrames.PING_PACKET -> socket.send(SocketIoFrames.PONG);
      case SocketIoFrames.OPEN -> socket.send(SocketIoFrames.connect(token));
      case SocketIoFrames.CONNECT -> connected.complete(this);
      case SocketIoFrames.CONNECT_ERROR, SocketIoFrames.DISCONNECT ->
          connected.completeExceptionally(new IllegalStateException(userId + " refused: " + text));
      default -> onOther.run();
    }
  }

  private void received(String text) {
    int i = text.indexOf(MARK);
    long t = 0;
    for (int k = i + MARK.length(); k < text.length(); k++) {
      char c = text.charAt(k);
      if (c < '0' || c > '9') {
        break;
      }
      t = t * 10 + (c - '0');
    }
    onChat.accept(t);
    if (loop) {
      partner.sendChat(System.nanoTime());
    }
  }

  private void replied(boolean ok, String text) {
    if (ok) {
      okReplies.increment();
    } else if (failedReplies.incrementAndGet() <= 5) {
      // the first few refusals are shown: a benchmark that hides why messages failed misleads
      System.err.println("failed reply to " + userId + ": " + text);
    }
  }

  @Override
  public void onClose(Ws socket, int code) {
    onClosed.accept(code);
    connected.completeExceptionally(new IllegalStateException(userId + " closed " + code));
  }
}
