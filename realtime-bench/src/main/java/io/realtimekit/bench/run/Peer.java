package io.realtimekit.bench.run;

import io.realtimekit.bench.load.Ws;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * One simulated user: authenticates with its first frame, sends {@code chat:message} to its
 * partner with the send time (System.nanoTime, same process as the receiver) in the text, and
 * reports what it receives. Frames are recognised by prefix, without parsing JSON, so that the
 * load generator stays cheap.
 */
final class Peer implements Ws.Handler {
  private static final String CHAT = "{\"event\":\"chat:message\"";
  private static final String MARK = "\"message\":\"t=";

  final String userId;
  final String token;
  final CompletableFuture<Peer> connected = new CompletableFuture<>();
  volatile Ws ws;
  volatile Peer partner;
  /** Called with the send time of each chat message received. */
  volatile LongConsumer onChat = t -> { };
  /** Called for each other event pushed (fan-out). */
  volatile Runnable onOther = () -> { };
  /** True: every message received makes the partner send the next (closed loop). */
  volatile boolean loop;
  final AtomicLong failedReplies;
  private String prefix;
  private long seq;

  Peer(String userId, String token, AtomicLong failedReplies) {
    this.userId = userId;
    this.token = token;
    this.failedReplies = failedReplies;
  }

  String connectFrame() {
    return "{\"type\":\"connect\",\"token\":\"" + token + "\"}";
  }

  void pairWith(Peer other) {
    this.partner = other;
    this.prefix = "{\"event\":\"chat:message\",\"data\":{\"to\":\"" + other.userId + "\",\"message\":\"t=";
  }

  /** Sends one message to the partner stamped {@code sentAt} (nanoTime). */
  void sendChat(long sentAt) {
    long id;
    synchronized (this) {
      id = ++seq;
    }
    ws.send(prefix + sentAt + "\"},\"id\":" + id + "}");
  }

  @Override
  public void onText(Ws socket, String text) {
    if (text.startsWith(CHAT)) {
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
    } else if (text.startsWith("{\"reply\":")) {
      if (!text.contains("\"ok\":true") && failedReplies.incrementAndGet() <= 5) {
        // the first few refusals are shown: a benchmark that hides why messages failed misleads
        System.err.println("failed reply to " + userId + ": " + text);
      }
    } else if (text.startsWith("{\"type\":\"connected\"")) {
      connected.complete(this);
    } else if (text.startsWith("{\"type\":\"error\"")) {
      connected.completeExceptionally(new IllegalStateException(userId + " refused: " + text));
    } else {
      onOther.run();
    }
  }

  @Override
  public void onClose(Ws socket, int code) {
    connected.completeExceptionally(new IllegalStateException(userId + " closed " + code));
  }
}
