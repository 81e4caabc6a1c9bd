package io.realtimekit.bench.micro;

import io.realtimekit.application.ChatHandler.ChatMessagePayload;
import io.realtimekit.protocol.ClientFrame;
import io.realtimekit.protocol.NativeCodec;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** The native codec on a chat exchange: decode the client's frame, encode the pushed event and the reply. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CodecBench {
  private final NativeCodec codec = new NativeCodec();
  private final String frame =
      "{\"event\":\"chat:message\",\"data\":{\"to\":\"b12\",\"message\":\"t=123456789012345\"},\"id\":42}";
  private final ChatMessagePayload payload =
      new ChatMessagePayload("k3j4-1a", "a12", "b12", "t=123456789012345", "2026-11-28T03:41:00.123Z");

  @Benchmark
  public ClientFrame decodeChatMessage() {
    return codec.decode(frame);
  }

  @Benchmark
  public String encodeChatEvent() {
    return codec.event("chat:message", codec.json(payload));
  }

  @Benchmark
  public String encodeReply() {
    return codec.replyOk(42, "{\"id\":\"k3j4-1a\",\"sentAt\":\"2026-11-28T03:41:00.123Z\"}");
  }
}
