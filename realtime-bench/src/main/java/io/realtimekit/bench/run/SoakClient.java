package io.realtimekit.bench.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.realtimekit.bench.load.SocketIoFrames;
import io.realtimekit.bench.load.Ws;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One user of the soak, reconnecting as a real client does: with the native protocol it keeps the
 * {@code epoch} of {@code connected} and the highest {@code offset} received, and reconnects with
 * {@code recover}; with Socket.IO it keeps the CONNECT answer's {@code pid} and the offset text of
 * the last kept event received ({@code socket._lastOffset} of the official client), and reconnects
 * with both in its auth. Every chat message it sends carries a unique text ({@code <user>#<n>});
 * what it sends, what is acknowledged and what it receives go to the {@link SoakLedger}. Frames are
 * parsed with Jackson (the soak's rate is modest). Handlers run on the load generator's I/O thread;
 * every state change is under this object's lock.
 */
final class SoakClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  final String userId;
  final Protocol protocol;
  final boolean sender;
  private final String token;
  private final SoakLedger ledger;

  private Conn current;
  private Ws ws;
  private boolean open;
  private CompletableFuture<Boolean> connected = new CompletableFuture<>();

  // native position
  private String epoch;
  private long offset = -1;
  // Socket.IO resumption
  private String pid;
  private String lastOffset;
  private String sentPid;

  private long seq;
  private final Map<Long, String> inFlight = new HashMap<>();

  SoakClient(String userId, String token, Protocol protocol, boolean sender, SoakLedger ledger) {
    this.userId = userId;
    this.token = token;
    this.protocol = protocol;
    this.sender = sender;
    this.ledger = ledger;
  }

  /**
   * The handler of a new socket of this client: from now on, frames of earlier sockets are ignored.
   */
  synchronized Ws.Handler newConnection() {
    current = new Conn();
    ws = null;
    open = false;
    inFlight.clear(); // replies to the old socket never come: their messages stay unacknowledged
    connected = new CompletableFuture<>();
    return current;
  }

  /** The socket of {@code handler} is open: the native handshake starts. */
  synchronized void opened(Ws.Handler handler, Ws socket) {
    if (handler != current) {
      socket.close();
      return;
    }
    ws = socket;
    if (protocol == Protocol.NATIVE) {
      ObjectNode f = JSON.createObjectNode().put("type", "connect").put("token", token);
      if (epoch != null) {
        f.putObject("recover").put("epoch", epoch).put("offset", offset);
      }
      socket.send(f.toString());
    }
  }

  /** The future of the current handshake: true once connected. */
  synchronized CompletableFuture<Boolean> connected() {
    return connected;
  }

  synchronized boolean isOpen() {
    return open;
  }

  /** The socket of {@code handler} could not be opened. */
  synchronized void failed(Ws.Handler handler) {
    if (handler == current) {
      current = null;
      connected.complete(false);
    }
  }

  /** Closes the current socket (the client will reconnect with its position). */
  void drop() {
    Ws w;
    synchronized (this) {
      w = ws;
      ws = null;
      current = null; // a socket still connecting is closed as soon as it opens
      open = false;
      connected.complete(false);
    }
    if (w != null) {
      w.close();
    }
  }

  /** Sends one chat message to {@code to}; false when not connected. */
  boolean sendChat(String to) {
    String text;
    String frame;
    Ws w;
    synchronized (this) {
      if (!open) {
        return false;
      }
      long id = ++seq;
      text = userId + "#" + id;
      ObjectNode data = JSON.createObjectNode().put("to", to).put("message", text);
      frame =
          protocol == Protocol.NATIVE
              ? JSON.createObjectNode()
                  .put("event", "chat:message")
                  .put("id", id)
                  .<ObjectNode>set("data", data)
                  .toString()
              : SocketIoFrames.event("chat:message", data.toString(), id);
      inFlight.put(id, text);
      w = ws;
    }
    ledger.sent(text, to);
    w.send(frame);
    return true;
  }

  /** Sends a typing indicator (transient, not checked). */
  void sendTyping(String to) {
    Ws w;
    synchronized (this) {
      if (!open) {
        return;
      }
      w = ws;
    }
    String data = "{\"to\":\"" + to + "\",\"typing\":true}";
    w.send(
        protocol == Protocol.NATIVE
            ? "{\"event\":\"chat:typing\",\"data\":" + data + "}"
            : SocketIoFrames.event("chat:typing", data, -1));
  }

  /** One socket of this client. */
  private final class Conn implements Ws.Handler {
    @Override
    public void onText(Ws socket, String text) {
      synchronized (SoakClient.this) {
        if (this != current) {
          return; // a frame of a socket this client gave up
        }
        ws = socket;
      }
      SoakClient.this.onText(socket, text);
    }

    @Override
    public void onClose(Ws socket, int code) {
      synchronized (SoakClient.this) {
        if (this != current) {
          return;
        }
        open = false;
        connected.complete(false);
      }
    }
  }

  private void onText(Ws socket, String text) {
    try {
      if (protocol == Protocol.NATIVE) {
        onNative(text);
      } else {
        onSocketIo(socket, text);
      }
    } catch (Exception e) {
      ledger.problem(userId + ": cannot read " + text + ": " + e);
    }
  }

  private void onNative(String text) throws Exception {
    JsonNode f = JSON.readTree(text);
    if (f.has("reply")) {
      replied(f.path("reply").asLong(), f.path("ok").asBoolean(), text);
    } else if ("connected".equals(f.path("type").asText())) {
      JsonNode d = f.path("data");
      synchronized (this) {
        if (d.has("recovered") && !d.path("recovered").asBoolean()) {
          ledger.recoveryFailed(userId, d.path("reason").asText());
        }
        if (d.hasNonNull("epoch")) {
          epoch = d.path("epoch").asText();
          offset = d.path("offset").asLong();
        }
        open = true;
        connected.complete(true);
      }
    } else if (f.has("event")) {
      synchronized (this) {
        if (f.has("offset")) {
          offset = Math.max(offset, f.path("offset").asLong());
        }
      }
      if ("chat:message".equals(f.path("event").asText())) {
        ledger.received(userId, f.path("data").path("message").asText());
      }
    } else if ("error".equals(f.path("type").asText())) {
      synchronized (this) {
        connected.complete(false);
      }
    }
  }

  private void onSocketIo(Ws socket, String text) throws Exception {
    SocketIoFrames.Packet p = SocketIoFrames.decode(text);
    switch (p.type()) {
      case SocketIoFrames.OPEN -> {
        ObjectNode auth = JSON.createObjectNode().put("token", token);
        synchronized (this) {
          sentPid = pid;
          if (pid != null) {
            auth.put("pid", pid);
            if (lastOffset != null) {
              auth.put("offset", lastOffset);
            }
          }
        }
        socket.send("40" + auth);
      }
      case SocketIoFrames.CONNECT -> {
        JsonNode d = JSON.readTree(text.substring(p.data()));
        synchronized (this) {
          String given = d.path("pid").asText(null);
          if (sentPid != null && !sentPid.equals(given)) {
            ledger.recoveryFailed(userId, "NOT_RECOVERED");
          }
          if (given != null && !given.equals(pid)) {
            pid = given;
            lastOffset = null; // a new pid: no offset received since
          }
          open = true;
          connected.complete(true);
        }
      }
      case SocketIoFrames.CONNECT_ERROR -> {
        synchronized (this) {
          connected.complete(false);
        }
      }
      case SocketIoFrames.ACK -> {
        JsonNode a = JSON.readTree(text.substring(p.data()));
        replied(p.id(), a.path(0).path("ok").asBoolean(), text);
      }
      case SocketIoFrames.EVENT -> {
        if ("chat:message".equals(p.event())) {
          JsonNode args = JSON.readTree(text.substring(text.indexOf('[')));
          synchronized (this) {
            if (args.size() > 2 && args.get(2).isTextual()) {
              lastOffset = args.get(2).asText();
            }
          }
          ledger.received(userId, args.path(1).path("message").asText());
        } else if (p.data() < text.length() && text.endsWith("\"]")) {
          // another kept event (an assignment, a receipt): its offset text is the last argument
          JsonNode args = JSON.readTree(text.substring(text.indexOf('[')));
          JsonNode last = args.get(args.size() - 1);
          if (args.size() > 2 && last.isTextual()) {
            synchronized (this) {
              lastOffset = last.asText();
            }
          }
        }
      }
      case SocketIoFrames.PING_PACKET -> socket.send(SocketIoFrames.PONG);
      default -> {
        // DISCONNECT, NOOP: the close that follows reconnects
      }
    }
  }

  private void replied(long id, boolean ok, String text) {
    String message;
    synchronized (this) {
      message = inFlight.remove(id);
    }
    if (message == null) {
      return; // not a chat message of this socket
    }
    if (ok) {
      ledger.acknowledged(message);
    } else {
      ledger.refused(message, text);
    }
  }
}
