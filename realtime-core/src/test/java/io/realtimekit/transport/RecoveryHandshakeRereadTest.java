package io.realtimekit.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtimekit.application.port.StreamPosition;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.UserId;
import io.realtimekit.infrastructure.memory.InMemoryUserEventStreams;
import io.realtimekit.protocol.ClientFrame;
import io.realtimekit.protocol.NativeCodec;
import io.realtimekit.testing.SwitchableUserEventStreams;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A handshake whose first read of the stream fails reads it once more after {@code ConnectUser}
 * ({@link RecoveryHandshake#reread}): a recover still replays, a plain connect gets a position just
 * before the first kept event delivered live meanwhile, and a second failure leaves it unavailable.
 */
class RecoveryHandshakeRereadTest {
  final CompanyId company = CompanyId.of(UUID.randomUUID());
  final UserId ann = UserId.of("ann");
  final InMemoryUserEventStreams memory = new InMemoryUserEventStreams();

  /** Fails its reads while down; the test appends to {@link #memory} directly. */
  final SwitchableUserEventStreams streams = new SwitchableUserEventStreams(memory);

  RecoveryHandshake handshake() {
    return new RecoveryHandshake(streams, company, ann, new NativeCodec());
  }

  @Test
  void aRecoverWhoseFirstReadFailedStillReplaysAfterTheSecondRead() {
    StreamPosition p1 = memory.append(company, ann, "chat:message", "{\"m\":1}");
    memory.append(company, ann, "chat:message", "{\"m\":2}");
    memory.append(company, ann, "chat:message", "{\"m\":3}");
    RecoveryHandshake h = handshake();
    streams.down(true);
    h.begin(
        new ClientFrame.Connect(
            "token", new ClientFrame.Recover(p1.epoch(), p1.offset()), null, null));
    assertThat(h.available()).isFalse();

    streams.down(false);
    h.reread(null);

    assertThat(h.available()).isTrue();
    assertThat(h.nextReplayed()).hasSize(2);
    assertThat(h.connectedFields())
        .containsEntry("recovered", true)
        .containsEntry("recoveredCount", 2)
        .containsEntry("offset", 3L);
  }

  @Test
  void aPlainConnectStartsJustBeforeTheFirstKeptEventDeliveredLiveMeanwhile() {
    memory.append(company, ann, "chat:message", "{\"m\":1}");
    RecoveryHandshake h = handshake();
    streams.down(true);
    h.begin(null);
    // appended while the store looked down to this socket, handed to it live
    StreamPosition live = memory.append(company, ann, "chat:message", "{\"m\":2}");
    memory.append(company, ann, "chat:message", "{\"m\":3}");

    streams.down(false);
    h.reread(live);

    assertThat(h.available()).isTrue();
    assertThat(h.last()).isEqualTo(live.offset() - 1);
    assertThat(h.nextReplayed()).isEmpty();
    assertThat(h.nextCaughtUp()).hasSize(2); // 2 and 3, after connected
  }

  @Test
  void aSecondFailureLeavesItUnavailableAndItIsNotTriedAThirdTime() {
    RecoveryHandshake h = handshake();
    streams.down(true);
    h.begin(null);
    h.reread(null);
    assertThat(h.available()).isFalse();
    assertThat(h.connectedFields()).doesNotContainKey("epoch");

    streams.down(false);
    h.reread(null);
    assertThat(h.available()).isFalse();
  }
}
