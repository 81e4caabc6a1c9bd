package io.realtimekit.bench.micro;

import io.realtimekit.protocol.ClientFrame;
import io.realtimekit.protocol.NativeCodec;
import io.realtimekit.protocol.json.RawJson;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The native codec on a chat exchange: decode the client's frame, encode the pushed event and the
 * reply.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CodecBench {
  private final NativeCodec codec = new NativeCodec();
  private final String frame =
      "{\"event\":\"chat:message\",\"data\":{\"to\":\"b12\",\"message\":\"t=123456789012345\"},\"id\":42}";
  private final Map<String, String> payload =
      new LinkedHashMap<>(
          Map.of(
              "id",
              "k3j4-1a",
              "from",
              "a12",
              "to",
              "b12",
              "message",
              "t=123456789012345",
              "sentAt",
              "2026-11-28T03:41:00.123Z"));

  @Benchmark
  public ClientFrame decodeChatMessage() {
    return codec.decode(frame);
  }

  /** The pushed event's payload serialised by Jackson (how ChatHandler did it first). */
  @Benchmark
  public String encodeChatEventWithJackson() {
    return codec.event("chat:message", codec.json(payload));
  }

  /** The pushed event's payload written by hand with escaped strings (how ChatHandler does it). */
  @Benchmark
  public String encodeChatEventByHand() {
    String json =
        "{\"id\":"
            + RawJson.quote(payload.get("id"))
            + ",\"from\":"
            + RawJson.quote(payload.get("from"))
            + ",\"to\":"
            + RawJson.quote(payload.get("to"))
            + ",\"message\":"
            + RawJson.quote(payload.get("message"))
            + ",\"sentAt\":\""
            + payload.get("sentAt")
            + "\"}";
    return codec.event("chat:message", json);
  }

  @Benchmark
  public String encodeReply() {
    return codec.replyOk(42, "{\"id\":\"k3j4-1a\",\"sentAt\":\"2026-11-28T03:41:00.123Z\"}");
  }
}
