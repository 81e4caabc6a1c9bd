package io.realtimekit.protocol.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.realtimekit.domain.ErrorCode;
import io.realtimekit.domain.Failure;
import io.realtimekit.protocol.ClientFrame;
import io.realtimekit.protocol.NativeCodec;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever a Socket.IO client sends, {@link SocketIoCodec#decode} answers with a frame (never an
 * exception, never null); whatever text the server puts in a packet, the packet's JSON reads back
 * as it.
 */
class SocketIoCodecPropertyTest {
  static final ObjectMapper JSON = new ObjectMapper();

  final SocketIoCodec codec = new SocketIoCodec(new NativeCodec());

  @Property(tries = 3_000)
  void decodingAnyStringGivesAFrame(@ForAll("anyText") String text) {
    assertDecodes(text);
  }

  @Property(tries = 5_000)
  void decodingPacketLikeTextGivesAFrame(@ForAll("packetish") String text) {
    assertDecodes(text);
  }

  @Property(tries = 2_000)
  void encodedPacketsParseBackToTheirText(
      @ForAll("names") String name, @ForAll("anyText") String message) throws Exception {
    Failure failure = new Failure(ErrorCode.INVALID_ARGUMENT, message);
    JsonNode event =
        JSON.readTree(codec.event(name, JSON.writeValueAsString(message)).substring(1));
    JsonNode reply = JSON.readTree(codec.replyError(7, failure).substring(2));
    JsonNode refusal = JSON.readTree(codec.refused(failure).substring(1));

    assertThat(event.get(0).textValue()).isEqualTo(name);
    assertThat(event.get(1).textValue()).isEqualTo(message);
    assertThat(reply.at("/0/error/message").textValue()).isEqualTo(message);
    assertThat(refusal.get("message").textValue()).isEqualTo(message);
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
    return Arbitraries.strings().all().ofMaxLength(200);
  }

  @Provide
  Arbitrary<String> names() {
    return Arbitraries.strings()
        .withCharRange('a', 'z')
        .withChars(':', '.', '_', '-')
        .ofMinLength(1)
        .ofMaxLength(63)
        .map(s -> "e" + s);
  }

  @Provide
  Arbitrary<String> packetish() {
    Arbitrary<String> type = Arbitraries.of("0", "1", "2", "3", "4", "5", "6", "7", "");
    Arbitrary<String> attachments = Arbitraries.of("", "1-", "-", "99-", "x-");
    Arbitrary<String> namespace = Arbitraries.of("", "/", "/admin,", "/,", ",");
    Arbitrary<String> id = Arbitraries.of("", "0", "12", "-1", "9".repeat(20));
    Arbitrary<String> body =
        Arbitraries.oneOf(
            Arbitraries.of(
                "",
                "[]",
                "[\"a\"]",
                "[\"chat:message\",{\"to\":\"x\"}]",
                "[1,2]",
                "{\"token\":\"t\"}",
                "{\"token\":null}",
                "null",
                "[\"x\",",
                "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]"),
            Arbitraries.strings().withChars("[]{}\",:0123456789abc\\/ -").ofMaxLength(40));
    return net.jqwik.api.Combinators.combine(type, attachments, namespace, id, body)
        .as((t, a, n, i, b) -> t + a + n + i + b);
  }
}
