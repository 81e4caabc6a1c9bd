package io.realtimekit.protocol.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import io.realtimekit.domain.ErrorCode;
import io.realtimekit.domain.Failure;
import io.realtimekit.protocol.ClientFrame;
import io.realtimekit.protocol.CloseCodes;
import io.realtimekit.protocol.NativeCodec;
import io.realtimekit.protocol.SessionIdentity;
import io.realtimekit.protocol.SessionResumption;
import io.realtimekit.protocol.WireFormat;
import java.util.OptionalLong;

/**
 * The Socket.IO protocol v5 packets of the default namespace, as a {@link WireFormat}: the text
 * carried by one Engine.IO message packet, without the message type {@code 4} of Engine.IO (so
 * {@code 0..} below travels as {@code 40..}). Thread-safe.
 *
 * <p>Client packets: {@code 0{"token":".."}} (CONNECT with the {@code auth} object) gives {@link
 * ClientFrame.Connect}, with a {@link ClientFrame.Resume} when the auth object also carries the
 * {@code pid} (and {@code offset}) of connection state recovery; {@code 2[name,data]} and {@code
 * 2<id>[name,data]} (EVENT, with an acknowledgement id) give {@link ClientFrame.Event}; {@code 1}
 * (DISCONNECT) gives {@link ClientFrame.Leave}; {@code 3<id>[..]} (ACK) gives {@link
 * ClientFrame.Ack}. Binary packets ({@code 5}, {@code 6}) are refused with {@code INVALID_ARGUMENT}
 * and the connection stays open; another namespace is a protocol violation.
 *
 * <p>Server packets: {@code 40{"sid":..}} on success ({@code 40{"sid":..,"pid":..}} with recovery,
 * and kept events then end with their offset text: {@code 42[name,data,"<offset>.<tag>"]}), {@code
 * 44{"message":..,"data":{"code":..}}} on refusal (the client's {@code connect_error}), {@code
 * 42[name,data]} for events, {@code 43<id>[{"ok":true,"data":..}]} or {@code
 * 43<id>[{"ok":false,"error":{"code":..,"message":..}}]} for replies, {@code 41} before a kick.
 */
public final class SocketIoCodec implements WireFormat {
  /** The most digits of an acknowledgement id (fits a long, like the native protocol's ids). */
  private static final int MAX_ID_DIGITS = 15;

  /** The longest pid and offset texts read from a CONNECT; longer ones are ignored. */
  private static final int MAX_RESUME_CHARS = 256;

  private final ObjectMapper mapper;
  private final NativeCodec json;
  private final PrivateSessionIds sessionIds = new PrivateSessionIds();

  /** A codec sharing {@code json}'s mapper (with its read limits) and its error objects. */
  public SocketIoCodec(NativeCodec json) {
    this.json = json;
    this.mapper = json.mapper();
  }

  @Override
  public ClientFrame decode(String text) {
    if (text == null || text.isEmpty()) {
      return invalid(ErrorCode.PROTOCOL_ERROR, "empty packet", OptionalLong.empty(), true);
    }
    char type = text.charAt(0);
    int i = 1;
    int n = text.length();
    boolean binary = type == '5' || type == '6';
    if (binary) {
      while (i < n && Character.isDigit(text.charAt(i))) {
        i++;
      }
      if (i < n && text.charAt(i) == '-') {
        i++;
      }
    }
    String namespace = "/";
    if (i < n && text.charAt(i) == '/') {
      int comma = text.indexOf(',', i);
      namespace = comma < 0 ? text.substring(i) : text.substring(i, comma);
      i = comma < 0 ? n : comma + 1;
    }
    int digits = i;
    while (i < n && Character.isDigit(text.charAt(i))) {
      i++;
    }
    if (i - digits > MAX_ID_DIGITS) {
      return invalid(
          ErrorCode.INVALID_ARGUMENT,
          "acknowledgement id is too long",
          OptionalLong.empty(),
          false);
    }
    OptionalLong id =
        i > digits
            ? OptionalLong.of(Long.parseLong(text.substring(digits, i)))
            : OptionalLong.empty();
    if (!namespace.equals("/")) {
      return invalid(
          ErrorCode.PROTOCOL_ERROR, "only the default namespace \"/\" is served", id, true);
    }
    if (binary) {
      return invalid(
          ErrorCode.INVALID_ARGUMENT,
          "binary attachments are not supported: send JSON (base64 for bytes)",
          id,
          false);
    }
    String payload = text.substring(i);
    return switch (type) {
      case '0' -> connect(payload);
      case '1' -> new ClientFrame.Leave();
      case '2' -> event(payload, id);
      case '3' ->
          id.isPresent()
              ? new ClientFrame.Ack(id.getAsLong())
              : invalid(ErrorCode.PROTOCOL_ERROR, "ACK without id", id, false);
      default -> invalid(ErrorCode.PROTOCOL_ERROR, "unknown packet type", id, true);
    };
  }

  private ClientFrame connect(String payload) {
    JsonNode auth = payload.isEmpty() ? NullNode.getInstance() : read(payload);
    JsonNode token = auth == null ? null : auth.get("token");
    if (token == null || !token.isTextual() || token.textValue().isBlank()) {
      return invalid(
          ErrorCode.UNAUTHORIZED,
          "missing token: connect with { auth: { token } }",
          OptionalLong.empty(),
          false);
    }
    JsonNode pid = auth.get("pid");
    if (pid == null
        || !pid.isTextual()
        || pid.textValue().isEmpty()
        || pid.textValue().length() > MAX_RESUME_CHARS) {
      return new ClientFrame.Connect(
          token.textValue()); // no recovery asked (or nothing usable): a normal connect
    }
    JsonNode offset = auth.get("offset");
    String offsetText =
        offset != null && offset.isTextual() && offset.textValue().length() <= MAX_RESUME_CHARS
            ? offset.textValue()
            : null;
    if (offset != null && !offset.isNull() && offsetText == null) {
      offsetText = ""; // present but unreadable: recovers nothing
    }
    return new ClientFrame.Connect(
        token.textValue(), null, null, new ClientFrame.Resume(pid.textValue(), offsetText));
  }

  private ClientFrame event(String payload, OptionalLong id) {
    JsonNode args = read(payload);
    if (args == null) {
      return invalid(ErrorCode.MALFORMED_JSON, "packet is not valid JSON", id, false);
    }
    if (!args.isArray() || args.isEmpty() || !args.get(0).isTextual()) {
      return invalid(ErrorCode.PROTOCOL_ERROR, "EVENT must be [name, data]", id, false);
    }
    String name = args.get(0).textValue();
    if (!NativeCodec.isEventName(name)) {
      return invalid(
          ErrorCode.INVALID_ARGUMENT,
          "event must be a name of 1 to 64 letters, digits, ':', '.', '_' or '-'",
          id,
          false);
    }
    JsonNode data = args.size() > 1 ? args.get(1) : NullNode.getInstance();
    return new ClientFrame.Event(name, data, id);
  }

  private JsonNode read(String json) {
    try {
      JsonNode node = mapper.readTree(json);
      return node == null || node.isMissingNode() ? null : node;
    } catch (Exception e) {
      return null;
    }
  }

  private static ClientFrame invalid(
      ErrorCode code, String message, OptionalLong id, boolean fatal) {
    return new ClientFrame.Invalid(new Failure(code, message), id, fatal);
  }

  /** {@code 0{"sid":<connectionId>}} (CONNECT). */
  @Override
  public String connected(String connectionId, String dataJson) {
    return "0{\"sid\":" + NativeCodec.quote(connectionId) + "}";
  }

  /**
   * {@code 0{"sid":<sid>,"pid":<pid>}} (CONNECT) with connection state recovery: on a recovered
   * connect the sid and pid of the session it continues (the client then reports {@code
   * recovered}).
   */
  @Override
  public String connected(String connectionId, String dataJson, SessionIdentity identity) {
    if (identity == null) {
      return connected(connectionId, dataJson);
    }
    return "0{\"sid\":"
        + NativeCodec.quote(identity.sid())
        + ",\"pid\":"
        + NativeCodec.quote(identity.pid())
        + "}";
  }

  /** The private session ids and offset texts of this codec's sessions. */
  @Override
  public SessionResumption sessionResumption() {
    return sessionIds;
  }

  /**
   * {@code 4{"message":..,"data":{"code":..,"message":..}}} (CONNECT_ERROR): the client's {@code
   * connect_error}.
   */
  @Override
  public String refused(Failure failure) {
    return "4{\"message\":"
        + NativeCodec.quote(failure.message())
        + ",\"data\":"
        + json.failureJson(failure)
        + "}";
  }

  /** {@code 2["error",{"code":..,"message":..}]}. */
  @Override
  public String connectionError(Failure failure) {
    return errorEvent(failure);
  }

  /** {@code 2["refreshed",<dataJson>]}. */
  @Override
  public String refreshed(String dataJson) {
    return event("refreshed", dataJson);
  }

  /** {@code 2[<name>,<dataJson>]} (EVENT). */
  @Override
  public String event(String name, String dataJson) {
    return "2[" + NativeCodec.quote(name) + "," + dataJson + "]";
  }

  /**
   * {@code 2[<name>,<dataJson>,"<offset>.<tag>"]} (EVENT): a kept event carries its offset text as
   * its last argument, which the client keeps as its last offset.
   */
  @Override
  public String event(String name, String epoch, long offset, String dataJson) {
    return "2["
        + NativeCodec.quote(name)
        + ","
        + dataJson
        + ",\""
        + sessionIds.offsetText(epoch, offset)
        + "\"]";
  }

  /** {@code 2["error",{"code":..,"message":..}]}. */
  @Override
  public String errorEvent(Failure failure) {
    return event("error", json.failureJson(failure));
  }

  /** {@code 3<id>[{"ok":true,"data":<dataJson>}]} (ACK). */
  @Override
  public String replyOk(long id, String dataJson) {
    return "3" + id + "[{\"ok\":true,\"data\":" + dataJson + "}]";
  }

  /** {@code 3<id>[{"ok":false,"error":{"code":..,"message":..}}]} (ACK). */
  @Override
  public String replyError(long id, Failure failure) {
    return "3" + id + "[{\"ok\":false,\"error\":" + json.failureJson(failure) + "}]";
  }

  /** {@code 1} (DISCONNECT) before a kick (1008), so that the client does not reconnect. */
  @Override
  public String farewell(int closeCode) {
    return closeCode == CloseCodes.POLICY_VIOLATION ? "1" : null;
  }
}
