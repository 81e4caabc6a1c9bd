package io.realtimekit.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.realtimekit.domain.ErrorCode;
import io.realtimekit.domain.Failure;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
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
  void encodedFramesParseBackToTheirText(@ForAll("names") String name, @ForAll("anyText") String message)
      throws Exception {
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
    List<String> fragments = List.of(
        "{", "}", "[", "]", ",", ":", "\"", "\"type\"", "\"connect\"", "\"refresh\"", "\"token\"",
        "\"event\"", "\"data\"", "\"id\"", "\"chat:message\"", "\"presence:list\"", "null", "true",
        "false", "0", "-1", "12", "1.5", "1e999", "9223372036854775808", "-0", "\"\"", "\"\\u0000\"",
        "\"\\ud800\"", "\\", " ", "\n", "\u0000", "é", "😀", "{\"type\":\"connect\",\"token\":\"t\"}",
        "{\"event\":\"e\",\"id\":1,\"data\":", "x");
    return Arbitraries.of(fragments).list().ofMaxSize(60).map(parts -> String.join("", parts));
  }
}
