package io.realtimekit.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Engine.IO v4 / Socket.IO v5 framing of the load generator: what it writes and how it reads. */
class SocketIoFramesTest {

  @Test
  void encodesConnectEventsAndAcks() {
    assertThat(SocketIoFrames.connect("a.b.c")).isEqualTo("40{\"token\":\"a.b.c\"}");
    assertThat(SocketIoFrames.event("chat:message", "{\"to\":\"u2\",\"message\":\"hi\"}", 12))
        .isEqualTo("4212[\"chat:message\",{\"to\":\"u2\",\"message\":\"hi\"}]");
    assertThat(SocketIoFrames.event("typing", "{}", -1)).isEqualTo("42[\"typing\",{}]");
    assertThat(SocketIoFrames.ack(7, "{\"ok\":true}")).isEqualTo("437[{\"ok\":true}]");
    assertThat(SocketIoFrames.PATH).isEqualTo("/socket.io/?EIO=4&transport=websocket");
  }

  @Test
  void decodesEngineIoPackets() {
    assertThat(SocketIoFrames.decode("0{\"sid\":\"x\",\"pingInterval\":25000}").type())
        .isEqualTo(SocketIoFrames.OPEN);
    assertThat(SocketIoFrames.decode("1").type()).isEqualTo(SocketIoFrames.CLOSE);
    assertThat(SocketIoFrames.decode("2").type()).isEqualTo(SocketIoFrames.PING_PACKET);
    assertThat(SocketIoFrames.decode("3").type()).isEqualTo(SocketIoFrames.PONG_PACKET);
    assertThat(SocketIoFrames.decode("6").type()).isEqualTo(SocketIoFrames.OTHER);
    assertThat(SocketIoFrames.decode("").type()).isEqualTo(SocketIoFrames.OTHER);
    assertThat(SocketIoFrames.decode("4").type()).isEqualTo(SocketIoFrames.OTHER);
    assertThat(SocketIoFrames.decode("45-[\"x\",{}]").type())
        .isEqualTo(SocketIoFrames.OTHER); // binary: not used
  }

  @Test
  void decodesConnectAndConnectError() {
    SocketIoFrames.Packet ok = SocketIoFrames.decode("40{\"sid\":\"abc\"}");
    assertThat(ok.type()).isEqualTo(SocketIoFrames.CONNECT);
    assertThat(ok.id()).isEqualTo(-1);
    assertThat("40{\"sid\":\"abc\"}".substring(ok.data())).isEqualTo("{\"sid\":\"abc\"}");
    assertThat(SocketIoFrames.decode("44{\"message\":\"invalid\"}").type())
        .isEqualTo(SocketIoFrames.CONNECT_ERROR);
    assertThat(SocketIoFrames.decode("41").type()).isEqualTo(SocketIoFrames.DISCONNECT);
  }

  @Test
  void decodesEventsWithAndWithoutAckIdAndNamespace() {
    String pushed = "42[\"chat:message\",{\"id\":\"m1\",\"from\":\"a\",\"message\":\"t=5\"}]";
    SocketIoFrames.Packet p = SocketIoFrames.decode(pushed);
    assertThat(p.type()).isEqualTo(SocketIoFrames.EVENT);
    assertThat(p.event()).isEqualTo("chat:message");
    assertThat(p.id()).isEqualTo(-1);
    assertThat(pushed.substring(p.data())).startsWith("{\"id\":\"m1\"");

    SocketIoFrames.Packet withId =
        SocketIoFrames.decode("42305[\"visitor:connected\",{\"userId\":\"v\"}]");
    assertThat(withId.event()).isEqualTo("visitor:connected");
    assertThat(withId.id()).isEqualTo(305);

    SocketIoFrames.Packet namespaced = SocketIoFrames.decode("42/admin,9[\"x\",1]");
    assertThat(namespaced.event()).isEqualTo("x");
    assertThat(namespaced.id()).isEqualTo(9);

    SocketIoFrames.Packet noArg = SocketIoFrames.decode("42[\"bye\"]");
    assertThat(noArg.event()).isEqualTo("bye");
    assertThat(noArg.data()).isEqualTo("42[\"bye\"]".length());
    assertThat(SocketIoFrames.decode("42{\"not\":\"an array\"}").type())
        .isEqualTo(SocketIoFrames.OTHER);
  }

  @Test
  void decodesAcksAndTellsOkFromRefusal() {
    String ok = "4312[{\"ok\":true,\"data\":{\"id\":\"m\",\"sentAt\":\"2026-01-01T00:00:00Z\"}}]";
    SocketIoFrames.Packet p = SocketIoFrames.decode(ok);
    assertThat(p.type()).isEqualTo(SocketIoFrames.ACK);
    assertThat(p.id()).isEqualTo(12);
    assertThat(SocketIoFrames.ackOk(ok, p)).isTrue();

    String refused =
        "433[{\"ok\":false,\"error\":{\"code\":\"USER_NOT_CONNECTED\",\"message\":\"\\\"ok\\\":true\"}}]";
    SocketIoFrames.Packet r = SocketIoFrames.decode(refused);
    assertThat(r.id()).isEqualTo(3);
    assertThat(SocketIoFrames.ackOk(refused, r)).isFalse();
  }
}
