package io.realtimekit.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import io.realtimekit.application.port.RawJson;
import io.realtimekit.domain.ErrorCode;
import io.realtimekit.domain.Failure;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * Encodes and decodes the native protocol v1. Thread-safe; one instance per {@code Realtime}.
 *
 * <p>Decoding never throws: any input, however malformed, gives a {@link ClientFrame}, possibly
 * {@link ClientFrame.Invalid}. Encoding takes payloads already serialised to JSON text ({@link
 * #json(Object)}), so a notification fanned out to many sockets is serialised once.
 */
public final class NativeCodec implements WireFormat {
  /** Event names: 1 to 64 of letters, digits and {@code : . _ -}, starting with a letter. */
  public static final Pattern EVENT_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9:._-]{0,63}");

  private static final int MAX_NESTING = 32;
  private static final String EMPTY_OBJECT = "{}";

  private final ObjectMapper mapper;

  /** A codec on a new {@link ObjectMapper} with strict read limits. */
  public NativeCodec() {
    this(new ObjectMapper());
  }

  /** A codec on {@code mapper}; its read constraints are tightened (nesting depth 32). */
  public NativeCodec(ObjectMapper mapper) {
    this.mapper = mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    mapper
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build());
  }

  /** The mapper, for converting event payloads to and from objects. */
  public ObjectMapper mapper() {
    return mapper;
  }

  /** Decodes one text frame. Never throws, never returns null. */
  @Override
  public ClientFrame decode(String text) {
    JsonNode root;
    try {
      root = mapper.readTree(text);
    } catch (JsonProcessingException | RuntimeException e) {
      return invalid(ErrorCode.MALFORMED_JSON, "frame is not valid JSON", OptionalLong.empty(), false);
    }
    if (root == null || root.isMissingNode()) {
      return invalid(ErrorCode.MALFORMED_JSON, "frame is empty", OptionalLong.empty(), false);
    }
    if (!root.isObject()) {
      return invalid(ErrorCode.PROTOCOL_ERROR, "frame must be a JSON object", OptionalLong.empty(), false);
    }
    JsonNode type = root.get("type");
    if (type != null) {
      return decodeControl(root, type);
    }
    JsonNode event = root.get("event");
    if (event == null) {
      return invalid(ErrorCode.PROTOCOL_ERROR, "frame needs \"type\" or \"event\"", OptionalLong.empty(), true);
    }
    JsonNode idNode = root.get("id");
    OptionalLong id = OptionalLong.empty();
    if (idNode != null && !idNode.isNull()) {
      if (!idNode.canConvertToExactIntegral() || !idNode.canConvertToLong() || idNode.asLong() < 0) {
        return invalid(ErrorCode.INVALID_ARGUMENT, "\"id\" must be a non-negative integer", id, false);
      }
      id = OptionalLong.of(idNode.asLong());
    }
    if (!event.isTextual() || !EVENT_NAME.matcher(event.textValue()).matches()) {
      return invalid(ErrorCode.INVALID_ARGUMENT,
          "\"event\" must be a name of 1 to 64 letters, digits, ':', '.', '_' or '-'", id, false);
    }
    JsonNode data = root.get("data");
    return new ClientFrame.Event(event.textValue(), data == null ? NullNode.getInstance() : data, id);
  }

  private ClientFrame decodeControl(JsonNode root, JsonNode type) {
    String t = type.isTextual() ? type.textValue() : "";
    if (!t.equals("connect") && !t.equals("refresh")) {
      return invalid(ErrorCode.PROTOCOL_ERROR, "unknown frame type", OptionalLong.empty(), true);
    }
    JsonNode token = root.get("token");
    if (token == null || !token.isTextual() || token.textValue().isBlank()) {
      return invalid(ErrorCode.UNAUTHORIZED, "missing token", OptionalLong.empty(), false);
    }
    return t.equals("connect")
        ? new ClientFrame.Connect(token.textValue())
        : new ClientFrame.Refresh(token.textValue());
  }

  private static ClientFrame invalid(ErrorCode code, String message, OptionalLong id, boolean fatal) {
    return new ClientFrame.Invalid(new Failure(code, message), id, fatal);
  }

  /**
   * Serialises a payload to JSON text, once, for any number of frames. {@code null} gives {@code
   * {}}; a {@link JsonNode} or any Jackson-serialisable object (records included) is accepted.
   *
   * @throws IllegalArgumentException when the object cannot be serialised
   */
  public String json(Object payload) {
    if (payload == null) {
      return EMPTY_OBJECT;
    }
    if (payload instanceof RawJson raw) {
      return raw.json();
    }
    try {
      return mapper.writeValueAsString(payload);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("payload cannot be serialised to JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** {@code {"type":"connected","data":<dataJson>}}. */
  public String connected(String dataJson) {
    return "{\"type\":\"connected\",\"data\":" + dataJson + "}";
  }

  /** {@code {"type":"connected","data":<dataJson>}}; the connection id is in the data. */
  @Override
  public String connected(String connectionId, String dataJson) {
    return connected(dataJson);
  }

  /** {@code {"type":"error","data":{"code":..,"message":..}}}, as {@link #connectionError}. */
  @Override
  public String refused(Failure failure) {
    return connectionError(failure);
  }

  /** True: non-browser clients may authenticate with {@code Authorization: Bearer}. */
  @Override
  public boolean headerAuthentication() {
    return true;
  }

  /** {@code {"type":"refreshed","data":<dataJson>}}. */
  @Override
  public String refreshed(String dataJson) {
    return "{\"type\":\"refreshed\",\"data\":" + dataJson + "}";
  }

  /** {@code {"type":"error","data":{"code":..,"message":..}}}: a connection-level error. */
  @Override
  public String connectionError(Failure failure) {
    return "{\"type\":\"error\",\"data\":" + failureJson(failure) + "}";
  }

  /** {@code {"event":<name>,"data":<dataJson>}}: a pushed event. */
  @Override
  public String event(String name, String dataJson) {
    return "{\"event\":" + quote(name) + ",\"data\":" + dataJson + "}";
  }

  /** {@code {"event":"error","data":{"code":..,"message":..}}}: a failed event sent without id. */
  @Override
  public String errorEvent(Failure failure) {
    return "{\"event\":\"error\",\"data\":" + failureJson(failure) + "}";
  }

  /** {@code {"reply":<id>,"ok":true,"data":<dataJson>}}. */
  @Override
  public String replyOk(long id, String dataJson) {
    return "{\"reply\":" + id + ",\"ok\":true,\"data\":" + dataJson + "}";
  }

  /** {@code {"reply":<id>,"ok":false,"error":{"code":..,"message":..}}}. */
  @Override
  public String replyError(long id, Failure failure) {
    return "{\"reply\":" + id + ",\"ok\":false,\"error\":" + failureJson(failure) + "}";
  }

  /** {@code {"code":..,"message":..}}. */
  public String failureJson(Failure failure) {
    return "{\"code\":" + quote(failure.code().value()) + ",\"message\":" + quote(failure.message()) + "}";
  }

  /** {@code s} as a JSON string literal, quotes included. */
  public static String quote(String s) {
    return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
  }
}
