package io.realtimekit.bench.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtimekit.bench.load.Ws;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * {@link Peer} in Socket.IO framing, against scripted server frames: handshake, pings, acks,
 * events.
 */
class PeerSocketIoTest {

  /** A socket that keeps what the peer sends. */
  private static final class Recorder implements Ws {
    final List<String> sent = new ArrayList<>();

    @Override
    public void send(String text) {
      sent.add(text);
    }

    @Override
    public void close() {}
  }

  private final AtomicLong failed = new AtomicLong();
  private final Recorder socket = new Recorder();
  private final Peer visitor = new Peer("a1", "h.p.s", Protocol.SOCKETIO, failed);
  private final Peer commercial = new Peer("b1", "h.p.t", Protocol.SOCKETIO, failed);

  private void open() {
    visitor.ws = socket;
    visitor.pairWith(commercial);
    commercial.pairWith(visitor);
    visitor.onOpen(socket);
    assertThat(socket.sent).as("nothing before the server's open packet").isEmpty();
    visitor.onText(
        socket, "0{\"sid\":\"s1\",\"upgrades\":[],\"pingInterval\":25000,\"pingTimeout\":20000}");
    assertThat(socket.sent).containsExactly("40{\"token\":\"h.p.s\"}");
    assertThat(visitor.connected).isNotDone();
    visitor.onText(socket, "40{\"sid\":\"n1\"}");
    assertThat(visitor.connected).isCompleted();
    socket.sent.clear();
  }

  @Test
  void connectsAfterTheOpenPacketAndAnswersPings() {
    open();
    visitor.onText(socket, "2");
    visitor.onText(socket, "2");
    assertThat(socket.sent).containsExactly("3", "3");
    assertThat(failed).hasValue(0);
  }

  @Test
  void aConnectErrorFailsTheConnect() {
    visitor.onText(socket, "0{\"sid\":\"s1\"}");
    visitor.onText(socket, "44{\"message\":\"invalid or expired token\"}");
    assertThat(visitor.connected).isCompletedExceptionally();
  }

  @Test
  void chatMessagesAskForAcksWithIncreasingIds() {
    open();
    visitor.sendChat(42);
    visitor.sendChat(43);
    assertThat(socket.sent)
        .containsExactly(
            "421[\"chat:message\",{\"to\":\"b1\",\"message\":\"t=42\"}]",
            "422[\"chat:message\",{\"to\":\"b1\",\"message\":\"t=43\"}]");
  }

  @Test
  void acksAreMatchedToTheIdsSent() {
    open();
    visitor.sendChat(1);
    visitor.sendChat(2);
    visitor.onText(socket, "431[{\"ok\":true,\"data\":{\"id\":\"m1\",\"sentAt\":\"x\"}}]");
    assertThat(failed).as("an ok ack of an id sent").hasValue(0);
    visitor.onText(
        socket,
        "432[{\"ok\":false,\"error\":{\"code\":\"USER_NOT_CONNECTED\",\"message\":\"m\"}}]");
    assertThat(failed).as("a refusal").hasValue(1);
    visitor.onText(socket, "433[{\"ok\":true}]");
    assertThat(failed).as("an ack of an id never sent").hasValue(2);
    visitor.onText(socket, "430[{\"ok\":true}]");
    assertThat(failed).as("ids start at 1").hasValue(3);
  }

  @Test
  void receivedChatMessagesReportTheirSendTimeAndOtherEventsAreCounted() {
    open();
    List<Long> times = new ArrayList<>();
    int[] others = {0};
    visitor.onChat = times::add;
    visitor.onOther = () -> others[0]++;
    visitor.onText(
        socket,
        "42[\"chat:message\",{\"id\":\"m\",\"from\":\"b1\",\"to\":\"a1\",\"message\":\"t=987654321\","
            + "\"sentAt\":\"2026-01-01T00:00:00Z\"}]");
    visitor.onText(socket, "42[\"visitor:connected\",{\"userId\":\"v9\"}]");
    assertThat(times).containsExactly(987654321L);
    assertThat(others[0]).isEqualTo(1);
  }

  @Test
  void inTheClosedLoopAReceivedMessageMakesThePartnerSendTheNext() {
    open();
    Recorder partnerSocket = new Recorder();
    commercial.ws = partnerSocket;
    visitor.loop = true;
    visitor.onText(
        socket, "42[\"chat:message\",{\"from\":\"b1\",\"to\":\"a1\",\"message\":\"t=5\"}]");
    assertThat(partnerSocket.sent).hasSize(1);
    assertThat(partnerSocket.sent.get(0))
        .startsWith("421[\"chat:message\",{\"to\":\"a1\",\"message\":\"t=");
  }
}
