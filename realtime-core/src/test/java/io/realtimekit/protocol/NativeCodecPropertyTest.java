package io.realtimekit.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import io.realtimekit.domain.ErrorCode;
import io.realtimekit.domain.Failure;
import java.util.List;
import java.util.OptionalLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever a client sends, {@link NativeCodec#decode} answers with a frame (never an exception,
 * never null); whatever text the server puts in a frame, the frame is JSON that reads back as it.
 */
class NativeCodecPropertyTest {
  static final ObjectMapper JSON = new ObjectMapper();

  final NativeCodec codec = new NativeCodec();

  @Property(tries = 3_000)
  void decodingAnyStringGivesAFrame(@ForAll("anyText") String text) {
    assertDecodes(text);
  }

  @Property(tries = 5_000)
  void decodingJsonishTextGivesAFrame(@ForAll("jsonish") String text) {
    assertDecodes(text);
  }

  @Property(tries = 2_000)
  void encodedFramesParseBackToTheirText(
      @ForAll("names") String name, @ForAll("anyText") String message) throws Exception {
    Failure failure = new Failure(ErrorCode.INVALID_ARGUMENT, message);

    JsonNode event = JSON.readTree(codec.event(name, codec.json(message)));
    JsonNode reply = JSON.readTree(codec.replyError(7, failure));
    JsonNode error = JSON.readTree(codec.errorEvent(failure));
    JsonNode connection = JSON.readTree(codec.connectionError(failure));

    assertThat(event.get("event").textValue()).isEqualTo(name);
    assertThat(event.get("data").textValue()).isEqualTo(message);
    assertThat(reply.at("/error/message").textValue()).isEqualTo(message);
    assertThat(error.at("/data/message").textValue()).isEqualTo(message);
    assertThat(connection.at("/data/message").textValue()).isEqualTo(message);
  }

  /**
   * The streaming decoder reads a frame as a JSON tree would: same frame, same error, same id and
   * data, whatever the order of fields, duplicates, id types or trailing text.
   */
  @Property(tries = 5_000)
  void decodingAgreesWithAReadingOfTheWholeTree(@ForAll("envelopes") String text) {
    assertThat(codec.decode(text)).isEqualTo(treeDecode(text));
  }

  @Property(tries = 3_000)
  void decodingJsonishTextAgreesWithTheTreeReading(@ForAll("jsonish") String text) {
    assertThat(codec.decode(text)).isEqualTo(treeDecode(text));
  }

  /**
   * The protocol's decoding rules applied to a whole JSON tree: the reference for the streaming
   * decoder.
   */
  static ClientFrame treeDecode(String text) {
    JsonNode root;
    try {
      root =
          JSON.copy()
              .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
              .readTree(text);
    } catch (Exception e) {
      return invalid(
          ErrorCode.MALFORMED_JSON, "frame is not valid JSON", OptionalLong.empty(), false);
    }
    if (root == null || root.isMissingNode()) {
      return invalid(ErrorCode.MALFORMED_JSON, "frame is empty", OptionalLong.empty(), false);
    }
    if (!root.isObject()) {
      return invalid(
          ErrorCode.PROTOCOL_ERROR, "frame must be a JSON object", OptionalLong.empty(), false);
    }
    JsonNode type = root.get("type");
    if (type != null) {
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
    JsonNode event = root.get("event");
    if (event == null) {
      return invalid(
          ErrorCode.PROTOCOL_ERROR,
          "frame needs \"type\" or \"event\"",
          OptionalLong.empty(),
          true);
    }
    JsonNode idNode = root.get("id");
    OptionalLong id = OptionalLong.empty();
    if (idNode != null && !idNode.isNull()) {
      if (!idNode.canConvertToExactIntegral()
          || !idNode.canConvertToLong()
          || idNode.asLong() < 0) {
        return invalid(
            ErrorCode.INVALID_ARGUMENT, "\"id\" must be a non-negative integer", id, false);
      }
      id = OptionalLong.of(idNode.asLong());
    }
    if (!event.isTextual() || !NativeCodec.EVENT_NAME.matcher(event.textValue()).matches()) {
      return invalid(
          ErrorCode.INVALID_ARGUMENT,
          "\"event\" must be a name of 1 to 64 letters, digits, ':', '.', '_' or '-'",
          id,
          false);
    }
    JsonNode data = root.get("data");
    return new ClientFrame.Event(
        event.textValue(), data == null ? NullNode.getInstance() : data, id);
  }

  private static ClientFrame invalid(
      ErrorCode code, String message, OptionalLong id, boolean fatal) {
    return new ClientFrame.Invalid(new Failure(code, message), id, fatal);
  }

  /** Valid JSON objects made of protocol fields in any order, sometimes twice, with odd values. */
  @Provide
  Arbitrary<String> envelopes() {
    Arbitrary<String> value =
        Arbitraries.of(
            "null",
            "true",
            "1",
            "0",
            "-1",
            "7",
            "5.0",
            "5.5",
            "-0.0",
            "1e3",
            "1e400",
            "9223372036854775807",
            "9223372036854775808",
            "\"5\"",
            "\"\"",
            "\"  \"",
            "\"connect\"",
            "\"refresh\"",
            "\"chat:message\"",
            "\"bad name!\"",
            "\"t0k3n\"",
            "{}",
            "{\"to\":\"u\",\"message\":\"hi\"}",
            "[1,{\"a\":[]}]",
            "{\"a\":{\"b\":null}}");
    Arbitrary<String> field =
        Combinators.combine(Arbitraries.of("type", "token", "event", "id", "data", "other"), value)
            .as((k, v) -> "\"" + k + "\":" + v);
    return Combinators.combine(
            field.list().ofMaxSize(7), Arbitraries.of("", " ", " x", " {}", "\n"))
        .as((fields, tail) -> "{" + String.join(",", fields) + "}" + tail);
  }

  @Property(tries = 3_000)
  void theHandWrittenEventNameCheckAgreesWithThePattern(@ForAll("names") String name) {
    assertThat(NativeCodec.isEventName(name))
        .isEqualTo(NativeCodec.EVENT_NAME.matcher(name).matches());
  }

  private void assertDecodes(String text) {
    ClientFrame frame = codec.decode(text);
    assertThat(frame).isNotNull();
    if (frame instanceof ClientFrame.Event e) {
      assertThat(NativeCodec.EVENT_NAME.matcher(e.event()).matches()).isTrue();
      assertThat(e.id().orElse(0)).isNotNegative();
    }
  }

  @Provide
  Arbitrary<String> anyText() {
    return Arbitraries.oneOf(
        Arbitraries.strings().all().ofMaxLength(300),
        Arbitraries.strings().withChars("{}[]\":,\\ \n\t0123456789-+.eEtrufalsn").ofMaxLength(200));
  }

  /** Any string; also used as event names, which the encoder must quote whatever they hold. */
  @Provide
  Arbitrary<String> names() {
    return Arbitraries.oneOf(
        Arbitraries.strings().all().ofMaxLength(80),
        Arbitraries.strings().withChars("abcXYZ:._-09").ofMinLength(1).ofMaxLength(64));
  }

  /** Text assembled from pieces of protocol frames, so that most of it is almost valid. */
  @Provide
  Arbitrary<String> jsonish() {
    List<String> fragments =
        List.of(
            "{",
            "}",
            "[",
            "]",
            ",",
            ":",
            "\"",
            "\"type\"",
            "\"connect\"",
            "\"refresh\"",
            "\"token\"",
            "\"event\"",
            "\"data\"",
            "\"id\"",
            "\"chat:message\"",
            "\"presence:list\"",
            "null",
            "true",
            "false",
            "0",
            "-1",
            "12",
            "1.5",
            "1e999",
            "9223372036854775808",
            "-0",
            "\"\"",
            "\"\\u0000\"",
            "\"\\ud800\"",
            "\\",
            " ",
            "\n",
            "\u0000",
            "é",
            "😀",
            "{\"type\":\"connect\",\"token\":\"t\"}",
            "{\"event\":\"e\",\"id\":1,\"data\":",
            "x");
    return Arbitraries.of(fragments).list().ofMaxSize(60).map(parts -> String.join("", parts));
  }
}
