package io.realtimekit.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.realtimekit.domain.ErrorCode;
import io.realtimekit.domain.Failure;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Decoding every shape of client frame, good and bad, and encoding every server frame. */
class NativeCodecTest {
  static final ObjectMapper JSON = new ObjectMapper();

  final NativeCodec codec = new NativeCodec();

  @Test
  void connectCarriesTheToken() {
    assertThat(codec.decode("{\"type\":\"connect\",\"token\":\"abc.def.ghi\"}"))
        .isEqualTo(new ClientFrame.Connect("abc.def.ghi"));
  }

  @Test
  void refreshCarriesTheToken() {
    assertThat(codec.decode("{\"type\":\"refresh\",\"token\":\"abc.def.ghi\"}"))
        .isEqualTo(new ClientFrame.Refresh("abc.def.ghi"));
  }

  @Test
  void theTokenIsNeverInTheFramesText() {
    assertThat(codec.decode("{\"type\":\"connect\",\"token\":\"s3cr3t\"}").toString())
        .doesNotContain("s3cr3t");
    assertThat(codec.decode("{\"type\":\"refresh\",\"token\":\"s3cr3t\"}").toString())
        .doesNotContain("s3cr3t");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"type\":\"connect\"}",
        "{\"type\":\"connect\",\"token\":null}",
        "{\"type\":\"connect\",\"token\":\"\"}",
        "{\"type\":\"connect\",\"token\":\"   \"}",
        "{\"type\":\"connect\",\"token\":42}",
        "{\"type\":\"refresh\",\"token\":{}}"
      })
  void aMissingTokenIsUnauthorizedAndNotFatal(String frame) {
    ClientFrame.Invalid invalid = invalid(frame);
    assertThat(invalid.failure().code()).isEqualTo(ErrorCode.UNAUTHORIZED);
    assertThat(invalid.fatal()).isFalse();
  }

  @Test
  void anEventWithIdAsksForAReply() throws Exception {
    JsonNode expected = json("{\"to\":\"v1\",\"message\":\"hi\"}");
    ClientFrame frame =
        codec.decode(
            "{\"event\":\"chat:message\",\"data\":{\"to\":\"v1\",\"message\":\"hi\"},\"id\":12}");

    assertThat(frame)
        .isInstanceOfSatisfying(
            ClientFrame.Event.class,
            e -> {
              assertThat(e.event()).isEqualTo("chat:message");
              assertThat(e.id()).isEqualTo(OptionalLong.of(12));
              assertThat(e.data()).isEqualTo(expected);
            });
  }

  @Test
  void anEventWithoutIdOrDataHasNeither() {
    ClientFrame frame = codec.decode("{\"event\":\"presence:list\"}");

    assertThat(frame)
        .isInstanceOfSatisfying(
            ClientFrame.Event.class,
            e -> {
              assertThat(e.id()).isEmpty();
              assertThat(e.data().isNull()).isTrue();
            });
  }

  @Test
  void aNullIdIsNoId() {
    assertThat(codec.decode("{\"event\":\"presence:list\",\"id\":null}"))
        .isInstanceOfSatisfying(ClientFrame.Event.class, e -> assertThat(e.id()).isEmpty());
  }

  @Test
  void zeroAndTheLargestLongAreValidIds() {
    assertThat(((ClientFrame.Event) codec.decode("{\"event\":\"e\",\"id\":0}")).id()).hasValue(0);
    assertThat(
            ((ClientFrame.Event) codec.decode("{\"event\":\"e\",\"id\":" + Long.MAX_VALUE + "}"))
                .id())
        .hasValue(Long.MAX_VALUE);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\"12\"",
        "true",
        "1.5",
        "[]",
        "{}",
        "-1",
        "-9223372036854775808",
        "9223372036854775808",
        "123456789012345678901234567890",
        "1e400"
      })
  void anIdOfTheWrongShapeIsInvalidArgumentAndNotFatal(String id) {
    ClientFrame.Invalid invalid =
        invalid("{\"event\":\"chat:message\",\"data\":{},\"id\":" + id + "}");
    assertThat(invalid.failure().code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertThat(invalid.failure().message()).contains("\"id\"");
    assertThat(invalid.fatal()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\"\"",
        "\"1abc\"",
        "\"chat message\"",
        "\"chat/message\"",
        "\"é\"",
        "42",
        "null",
        "{}",
        "\"a12345678901234567890123456789012345678901234567890123456789012345\""
      })
  void anInvalidEventNameIsInvalidArgumentAndKeepsTheId(String name) {
    ClientFrame.Invalid invalid = invalid("{\"event\":" + name + ",\"id\":5}");
    assertThat(invalid.failure().code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertThat(invalid.id()).hasValue(5);
    assertThat(invalid.fatal()).isFalse();
  }

  @Test
  void aSixtyFourCharacterEventNameIsValid() {
    String name = "a" + "b".repeat(63);
    assertThat(codec.decode("{\"event\":\"" + name + "\"}")).isInstanceOf(ClientFrame.Event.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"type\":\"subscribe\",\"token\":\"t\"}",
        "{\"type\":42}",
        "{\"type\":null}",
        "{\"data\":{}}",
        "{}"
      })
  void anUnknownFrameTypeIsAFatalProtocolError(String frame) {
    ClientFrame.Invalid invalid = invalid(frame);
    assertThat(invalid.failure().code()).isEqualTo(ErrorCode.PROTOCOL_ERROR);
    assertThat(invalid.fatal()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"[1,2]", "[]", "42", "-1.5", "\"text\"", "true", "null"})
  void jsonThatIsNotAnObjectIsANonFatalProtocolError(String frame) {
    ClientFrame.Invalid invalid = invalid(frame);
    assertThat(invalid.failure().code()).isEqualTo(ErrorCode.PROTOCOL_ERROR);
    assertThat(invalid.fatal()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " ",
        "\n",
        "{",
        "{\"event\":",
        "{'event':'x'}",
        "{\"a\":1} x",
        "{\"a\":1}{\"b\":2}",
        "{\"event\":\"x\",}",
        "\u0000",
        "\uFEFF{\"event\":\"x\"}",
        "NaN",
        "{\"a\":\"\\x\"}"
      })
  void textThatIsNotOneJsonValueIsMalformedAndNotFatal(String frame) {
    ClientFrame.Invalid invalid = invalid(frame);
    assertThat(invalid.failure().code()).isEqualTo(ErrorCode.MALFORMED_JSON);
    assertThat(invalid.fatal()).isFalse();
  }

  @Test
  void nullTextIsMalformedRatherThanAnException() {
    assertThat(invalid(null).failure().code()).isEqualTo(ErrorCode.MALFORMED_JSON);
  }

  @Test
  void deepNestingIsRefusedAsMalformedWithoutOverflowingTheStack() {
    String arrays = "[".repeat(1000) + "]".repeat(1000);
    String objects = "{\"a\":".repeat(1000) + "1" + "}".repeat(1000);
    String inData = "{\"event\":\"e\",\"data\":" + objects + "}";
    String unclosed = "[".repeat(100_000);

    for (String frame : new String[] {arrays, objects, inData, unclosed}) {
      assertThat(invalid(frame).failure().code()).isEqualTo(ErrorCode.MALFORMED_JSON);
    }
  }

  @Test
  void nestingUpToTheLimitIsAccepted() {
    String data = "{\"a\":".repeat(30) + "1" + "}".repeat(30);
    assertThat(codec.decode("{\"event\":\"e\",\"data\":" + data + "}"))
        .isInstanceOf(ClientFrame.Event.class);
  }

  @Test
  void aHugeNumberAnywhereIsRefusedOrCarriedButNeverThrows() {
    String digits = "9".repeat(5_000);
    assertThat(codec.decode("{\"event\":\"e\",\"id\":" + digits + "}"))
        .isInstanceOf(ClientFrame.Invalid.class);
    assertThat(codec.decode("{\"event\":\"e\",\"data\":" + digits + "}")).isNotNull();
  }

  @Test
  void encodedFramesAreValidJsonOfTheDocumentedShape() throws Exception {
    Failure failure = new Failure(ErrorCode.USER_NOT_CONNECTED, "User not connected");
    String data = codec.json(Map.of("x", 1));

    assertThat(json(codec.connected(data)))
        .isEqualTo(json("{\"type\":\"connected\",\"data\":{\"x\":1}}"));
    assertThat(json(codec.refreshed(data)))
        .isEqualTo(json("{\"type\":\"refreshed\",\"data\":{\"x\":1}}"));
    assertThat(json(codec.event("chat:message", data)))
        .isEqualTo(json("{\"event\":\"chat:message\",\"data\":{\"x\":1}}"));
    assertThat(json(codec.replyOk(12, data)))
        .isEqualTo(json("{\"reply\":12,\"ok\":true,\"data\":{\"x\":1}}"));
    assertThat(json(codec.replyError(12, failure)))
        .isEqualTo(
            json(
                "{\"reply\":12,\"ok\":false,\"error\":{\"code\":\"USER_NOT_CONNECTED\",\"message\":\"User not connected\"}}"));
    assertThat(json(codec.errorEvent(failure)))
        .isEqualTo(
            json(
                "{\"event\":\"error\",\"data\":{\"code\":\"USER_NOT_CONNECTED\",\"message\":\"User not connected\"}}"));
    assertThat(json(codec.connectionError(failure)))
        .isEqualTo(
            json(
                "{\"type\":\"error\",\"data\":{\"code\":\"USER_NOT_CONNECTED\",\"message\":\"User not connected\"}}"));
  }

  @Test
  void messagesWithQuotesNewlinesControlsAndUnicodeAreEscapedAndRoundTrip() throws Exception {
    String nasty = "say \"hi\"\n\tback\\slash \u0000\u001f </script> é 日本 😀 \u2028";
    Failure failure = new Failure(ErrorCode.INVALID_ARGUMENT, nasty);

    JsonNode reply = json(codec.replyError(1, failure));
    JsonNode event = json(codec.event("x", codec.json(Map.of("message", nasty))));

    assertThat(reply.at("/error/message").textValue()).isEqualTo(nasty);
    assertThat(event.at("/data/message").textValue()).isEqualTo(nasty);
    assertThat(codec.replyError(1, failure)).doesNotContain("\n");
  }

  @Test
  void aNullPayloadIsAnEmptyObject() {
    assertThat(codec.json(null)).isEqualTo("{}");
  }

  @Test
  void aPushedEventRoundTripsThroughTheDecoder() {
    String frame = codec.event("chat:message", codec.json(Map.of("to", "v1")));

    assertThat(codec.decode(frame))
        .isInstanceOfSatisfying(
            ClientFrame.Event.class,
            e -> {
              assertThat(e.event()).isEqualTo("chat:message");
              assertThat(e.data().get("to").textValue()).isEqualTo("v1");
            });
  }

  private ClientFrame.Invalid invalid(String frame) {
    ClientFrame decoded = codec.decode(frame);
    assertThat(decoded).as("decode(%s)", abbreviate(frame)).isInstanceOf(ClientFrame.Invalid.class);
    return (ClientFrame.Invalid) decoded;
  }

  private static String abbreviate(String s) {
    return s == null || s.length() < 80 ? s : s.substring(0, 80) + "...";
  }

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }
}
