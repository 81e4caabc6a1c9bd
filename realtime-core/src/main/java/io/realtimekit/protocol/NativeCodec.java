package io.realtimekit.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.NullNode;
import io.realtimekit.domain.ErrorCode;
import io.realtimekit.domain.Failure;
import io.realtimekit.protocol.json.RawJson;
import java.io.IOException;
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

  /** Reads the {@code data} subtree in place (the rest of the frame follows it). */
  private final ObjectReader dataReader;

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
    this.dataReader = mapper.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  /** The mapper, for converting event payloads to and from objects. */
  public ObjectMapper mapper() {
    return mapper;
  }

  /**
   * Decodes one text frame. Never throws, never returns null. Reads the envelope with a streaming
   * parser (only {@code data} becomes a tree), in one pass over the text.
   */
  @Override
  public ClientFrame decode(String text) {
    Envelope e = new Envelope();
    try (JsonParser p = mapper.getFactory().createParser(text)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        return invalid(ErrorCode.MALFORMED_JSON, "frame is empty", OptionalLong.empty(), false);
      }
      if (first != JsonToken.START_OBJECT) {
        p.skipChildren();
        if (p.nextToken() != null) {
          return malformed();
        }
        return invalid(
            ErrorCode.PROTOCOL_ERROR, "frame must be a JSON object", OptionalLong.empty(), false);
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        switch (name) {
          case "type" -> {
            e.hasType = true;
            e.type = value == JsonToken.VALUE_STRING ? p.getText() : "";
          }
          case "token" -> e.token = value == JsonToken.VALUE_STRING ? p.getText() : null;
          case "recover" -> e.readRecover(dataReader.readTree(p));
          case "event" -> {
            e.hasEvent = true;
            e.event = value == JsonToken.VALUE_STRING ? p.getText() : null;
          }
          case "id" -> e.readId(p, value);
          case "data" -> {
            JsonNode data = dataReader.readTree(p);
            e.data = data == null ? NullNode.getInstance() : data;
          }
          default -> {}
        }
        p.skipChildren(); // a no-op after a scalar or a tree read
      }
      if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
        return malformed();
      }
    } catch (IOException | RuntimeException ex) {
      return malformed();
    }
    if (e.hasType) {
      ClientFrame control = decodeControl(e.type, e.token);
      if (control instanceof ClientFrame.Connect c
          && (e.recover != null || e.recoverError != null)) {
        return new ClientFrame.Connect(c.token(), e.recover, e.recoverError);
      }
      return control;
    }
    if (!e.hasEvent) {
      return invalid(
          ErrorCode.PROTOCOL_ERROR,
          "frame needs \"type\" or \"event\"",
          OptionalLong.empty(),
          true);
    }
    if (e.idInvalid) {
      return invalid(
          ErrorCode.INVALID_ARGUMENT,
          "\"id\" must be a non-negative integer",
          OptionalLong.empty(),
          false);
    }
    OptionalLong id = e.hasId ? OptionalLong.of(e.id) : OptionalLong.empty();
    if (e.event == null || !isEventName(e.event)) {
      return invalid(
          ErrorCode.INVALID_ARGUMENT,
          "\"event\" must be a name of 1 to 64 letters, digits, ':', '.', '_' or '-'",
          id,
          false);
    }
    return new ClientFrame.Event(e.event, e.data, id);
  }

  /**
   * The fields of one frame as read; a field given twice keeps its last value, as in a JSON tree.
   */
  private static final class Envelope {
    boolean hasType;
    String type;
    String token;
    boolean hasEvent;
    String event;
    boolean hasId;
    boolean idInvalid;
    long id;
    JsonNode data = NullNode.getInstance();
    ClientFrame.Recover recover;
    String recoverError;

    /**
     * {@code recover}: {@code {"epoch":"<1 to 64 characters>","offset":<integer from 0>}}; anything
     * else is kept as an error for the {@code connected} answer (the socket still authenticates).
     */
    void readRecover(JsonNode r) {
      recover = null;
      recoverError = null;
      if (r == null || r.isNull()) {
        return;
      }
      JsonNode epoch = r.get("epoch");
      JsonNode offset = r.get("offset");
      if (!r.isObject() || epoch == null || !epoch.isTextual() || offset == null) {
        recoverError = "\"recover\" must be {\"epoch\":\"...\",\"offset\":N}";
      } else if (epoch.textValue().isBlank() || epoch.textValue().length() > 64) {
        recoverError = "\"recover.epoch\" must be 1 to 64 characters";
      } else if (!offset.isIntegralNumber()
          || !offset.canConvertToLong()
          || offset.longValue() < 0) {
        recoverError = "\"recover.offset\" must be an integer from 0";
      } else {
        recover = new ClientFrame.Recover(epoch.textValue(), offset.longValue());
      }
    }

    /** {@code id}: a non-negative integer that fits a long (5.0 counts as 5); null means none. */
    void readId(JsonParser p, JsonToken value) throws IOException {
      hasId = false;
      idInvalid = false;
      if (value == JsonToken.VALUE_NULL) {
        return;
      }
      if (value == JsonToken.VALUE_NUMBER_INT
          && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
        id = p.getLongValue();
      } else if (value == JsonToken.VALUE_NUMBER_FLOAT) {
        double d = p.getDoubleValue();
        if (Double.isNaN(d)
            || Double.isInfinite(d)
            || d != Math.rint(d)
            || d < Long.MIN_VALUE
            || d > Long.MAX_VALUE) {
          idInvalid = true;
          return;
        }
        id = (long) d;
      } else {
        idInvalid = true;
        return;
      }
      if (id < 0) {
        idInvalid = true;
        return;
      }
      hasId = true;
    }
  }

  private static ClientFrame malformed() {
    return invalid(
        ErrorCode.MALFORMED_JSON, "frame is not valid JSON", OptionalLong.empty(), false);
  }

  private ClientFrame decodeControl(String t, String token) {
    if (!t.equals("connect") && !t.equals("refresh")) {
      return invalid(ErrorCode.PROTOCOL_ERROR, "unknown frame type", OptionalLong.empty(), true);
    }
    if (token == null || token.isBlank()) {
      return invalid(ErrorCode.UNAUTHORIZED, "missing token", OptionalLong.empty(), false);
    }
    return t.equals("connect") ? new ClientFrame.Connect(token) : new ClientFrame.Refresh(token);
  }

  private static ClientFrame invalid(
      ErrorCode code, String message, OptionalLong id, boolean fatal) {
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
      throw new IllegalArgumentException(
          "payload cannot be serialised to JSON: " + e.getOriginalMessage(), e);
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

  /**
   * {@code {"event":<name>,"offset":<offset>,"data":<dataJson>}}: a pushed event kept in the user's
   * stream.
   */
  @Override
  public String event(String name, long offset, String dataJson) {
    return "{\"event\":" + quote(name) + ",\"offset\":" + offset + ",\"data\":" + dataJson + "}";
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
    return "{\"code\":"
        + quote(failure.code().value())
        + ",\"message\":"
        + quote(failure.message())
        + "}";
  }

  /** {@code s} as a JSON string literal, quotes included. */
  public static String quote(String s) {
    return RawJson.quote(s);
  }

  /**
   * True when {@code name} is a valid event name ({@link #EVENT_NAME}), checked by hand: this runs
   * for every frame, and a regex match costs a {@code Matcher}.
   */
  public static boolean isEventName(String name) {
    int n = name.length();
    if (n < 1 || n > 64 || !isAsciiLetter(name.charAt(0))) {
      return false;
    }
    for (int i = 1; i < n; i++) {
      char c = name.charAt(i);
      if (!isAsciiLetter(c)
          && !(c >= '0' && c <= '9')
          && c != ':'
          && c != '.'
          && c != '_'
          && c != '-') {
        return false;
      }
    }
    return true;
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
}
