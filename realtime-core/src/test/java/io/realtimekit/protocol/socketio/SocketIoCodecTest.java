package io.realtimekit.protocol.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.realtimekit.domain.ErrorCode;
import io.realtimekit.domain.Failure;
import io.realtimekit.protocol.ClientFrame;
import io.realtimekit.protocol.NativeCodec;
import io.realtimekit.protocol.SessionIdentity;
import java.util.List;
import org.junit.jupiter.api.Test;

class SocketIoCodecTest {
  final SocketIoCodec codec = new SocketIoCodec(new NativeCodec());

  @Test
  void connectCarriesTheTokenOfTheAuthObject() {
    assertThat(codec.decode("0{\"token\":\"abc\"}")).isEqualTo(new ClientFrame.Connect("abc"));
  }

  @Test
  void connectWithoutTokenIsAnAuthenticationFailure() {
    for (String packet :
        List.of("0", "0{}", "0{\"token\":42}", "0{\"token\":\" \"}", "0nonsense")) {
      ClientFrame frame = codec.decode(packet);
      assertThat(frame).as(packet).isInstanceOf(ClientFrame.Invalid.class);
      assertThat(((ClientFrame.Invalid) frame).failure().code()).isEqualTo(ErrorCode.UNAUTHORIZED);
    }
  }

  @Test
  void eventsWithAndWithoutAcknowledgementId() throws Exception {
    ClientFrame.Event plain =
        (ClientFrame.Event) codec.decode("2[\"chat:message\",{\"to\":\"u\"}]");
    assertThat(plain.event()).isEqualTo("chat:message");
    assertThat(plain.data().get("to").asText()).isEqualTo("u");
    assertThat(plain.id()).isEmpty();

    ClientFrame.Event acked = (ClientFrame.Event) codec.decode("217[\"presence:list\"]");
    assertThat(acked.id()).hasValue(17);
    assertThat(acked.data().isNull()).isTrue();
  }

  @Test
  void badEventsAreErrorsThatKeepTheirAcknowledgementId() {
    ClientFrame.Invalid notJson = (ClientFrame.Invalid) codec.decode("23[\"x\",");
    assertThat(notJson.failure().code()).isEqualTo(ErrorCode.MALFORMED_JSON);
    assertThat(notJson.id()).hasValue(3);
    assertThat(notJson.fatal()).isFalse();

    ClientFrame.Invalid badName = (ClientFrame.Invalid) codec.decode("24[\"no spaces allowed\",1]");
    assertThat(badName.failure().code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertThat(badName.id()).hasValue(4);

    ClientFrame.Invalid notArray = (ClientFrame.Invalid) codec.decode("2{\"a\":1}");
    assertThat(notArray.failure().code()).isEqualTo(ErrorCode.PROTOCOL_ERROR);
  }

  @Test
  void binaryPacketsAreRefusedButNotFatal() {
    ClientFrame.Invalid binary =
        (ClientFrame.Invalid) codec.decode("51-9[\"upload\",{\"_placeholder\":true,\"num\":0}]");
    assertThat(binary.failure().message()).contains("binary attachments are not supported");
    assertThat(binary.id()).hasValue(9);
    assertThat(binary.fatal()).isFalse();
  }

  @Test
  void disconnectAckOtherNamespacesAndUnknownTypes() {
    assertThat(codec.decode("1")).isInstanceOf(ClientFrame.Leave.class);
    assertThat(codec.decode("35[\"ok\"]")).isEqualTo(new ClientFrame.Ack(5));
    assertThat(((ClientFrame.Invalid) codec.decode("0/admin,{\"token\":\"t\"}")).fatal()).isTrue();
    assertThat(((ClientFrame.Invalid) codec.decode("9")).fatal()).isTrue();
    assertThat(((ClientFrame.Invalid) codec.decode("")).fatal()).isTrue();
    assertThat(codec.decode("2" + "9".repeat(40) + "[\"x\"]"))
        .isInstanceOf(ClientFrame.Invalid.class);
  }

  @Test
  void serverPackets() {
    Failure failure = new Failure(ErrorCode.USER_NOT_CONNECTED, "User not connected");
    assertThat(codec.connected("c-1", "{\"userId\":\"u\"}")).isEqualTo("0{\"sid\":\"c-1\"}");
    assertThat(codec.refused(new Failure(ErrorCode.UNAUTHORIZED, "bad \"token\"")))
        .isEqualTo(
            "4{\"message\":\"bad \\\"token\\\"\",\"data\":{\"code\":\"UNAUTHORIZED\",\"message\":\"bad \\\"token\\\"\"}}");
    assertThat(codec.event("chat:message", "{\"a\":1}")).isEqualTo("2[\"chat:message\",{\"a\":1}]");
    assertThat(codec.replyOk(3, "{\"id\":\"m\"}"))
        .isEqualTo("33[{\"ok\":true,\"data\":{\"id\":\"m\"}}]");
    assertThat(codec.replyError(3, failure))
        .isEqualTo(
            "33[{\"ok\":false,\"error\":{\"code\":\"USER_NOT_CONNECTED\",\"message\":\"User not connected\"}}]");
    assertThat(codec.errorEvent(failure))
        .startsWith("2[\"error\",{\"code\":\"USER_NOT_CONNECTED\"");
    assertThat(codec.farewell(1008)).isEqualTo("1");
    assertThat(codec.farewell(1001)).isNull();
    assertThat(codec.headerAuthentication()).isFalse();
  }

  @Test
  void engineIoHandshakeAndPayloads() {
    assertThat(EngineIo.open("s1", true, 25000, 35000, 65536))
        .isEqualTo(
            "0{\"sid\":\"s1\",\"upgrades\":[\"websocket\"],\"pingInterval\":25000,\"pingTimeout\":35000,\"maxPayload\":65536}");
    assertThat(EngineIo.open("s1", false, 1, 2, 3)).contains("\"upgrades\":[]");
    assertThat(EngineIo.packets("40\u001e42[\"a\"]\u001e2"))
        .containsExactly("40", "42[\"a\"]", "2");
    assertThat(EngineIo.payload(List.of("6", "2"))).isEqualTo("6\u001e2");
  }

  @Test
  void connectWithAPidAndOffsetAsksToResume() {
    assertThat(codec.decode("0{\"token\":\"abc\",\"pid\":\"s.1.m\",\"offset\":\"3.abcdef\"}"))
        .isEqualTo(
            new ClientFrame.Connect(
                "abc", null, null, new ClientFrame.Resume("s.1.m", "3.abcdef")));
    assertThat(codec.decode("0{\"token\":\"abc\",\"pid\":\"s.1.m\"}"))
        .as("no event received since the pid was given")
        .isEqualTo(
            new ClientFrame.Connect("abc", null, null, new ClientFrame.Resume("s.1.m", null)));
    assertThat(codec.decode("0{\"token\":\"abc\",\"pid\":\"s.1.m\",\"offset\":7}"))
        .as("an offset that is not a string is unreadable")
        .isEqualTo(new ClientFrame.Connect("abc", null, null, new ClientFrame.Resume("s.1.m", "")));
    for (String noResume :
        List.of(
            "0{\"token\":\"abc\",\"pid\":42}",
            "0{\"token\":\"abc\",\"pid\":\"\"}",
            "0{\"token\":\"abc\",\"offset\":\"3.abcdef\"}",
            "0{\"token\":\"abc\",\"pid\":\"" + "p".repeat(300) + "\"}")) {
      assertThat(codec.decode(noResume)).as(noResume).isEqualTo(new ClientFrame.Connect("abc"));
    }
  }

  @Test
  void theConnectAnswerCarriesTheSidAndPidWhenThereAreSome() {
    assertThat(codec.connected("conn1", "{}", new SessionIdentity("sid\"1", "pid1")))
        .isEqualTo("0{\"sid\":\"sid\\\"1\",\"pid\":\"pid1\"}");
    assertThat(codec.connected("conn1", "{}", null)).isEqualTo("0{\"sid\":\"conn1\"}");
  }

  @Test
  void aKeptEventEndsWithItsOffsetTextThatReadsBackInItsEpoch() throws Exception {
    String packet = codec.event("chat:message", "epoch-1", 12, "{\"message\":\"hi\"}");
    JsonNode args = new ObjectMapper().readTree(packet.substring(1));
    assertThat(packet).startsWith("2[\"chat:message\",{\"message\":\"hi\"},\"12.");
    assertThat(args).hasSize(3);
    assertThat(codec.sessionResumption().offset(args.get(2).asText(), "epoch-1")).hasValue(12);
    assertThat(codec.event("typing", "{}")).isEqualTo("2[\"typing\",{}]");
    assertThat(new NativeCodec().event("chat:message", "epoch-1", 12, "{}"))
        .as("the native protocol is unchanged")
        .isEqualTo(new NativeCodec().event("chat:message", 12, "{}"));
  }
}
