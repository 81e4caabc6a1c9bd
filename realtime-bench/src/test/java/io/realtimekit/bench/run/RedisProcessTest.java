package io.realtimekit.bench.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bench's own redis-server child and the command counts the conversation scenario reads from
 * {@code INFO commandstats}: none before a command is called, then exactly the calls made.
 */
class RedisProcessTest {
  @TempDir Path dir;

  @Test
  void countsThePublishCallsMadeOnIt() throws Exception {
    try (RedisProcess redis = RedisProcess.start(dir.resolve("redis.log"))) {
      assertThat(redis.commandCalls("publish")).isZero();
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), redis.port)) {
        s.setSoTimeout(5000);
        OutputStream out = s.getOutputStream();
        InputStream in = s.getInputStream();
        for (int i = 0; i < 3; i++) {
          out.write("PUBLISH bench:channel hello\r\n".getBytes(StandardCharsets.US_ASCII));
          out.flush();
          assertThat(readLine(in)).isEqualTo(":0"); // nobody subscribed
        }
        out.write("GET missing\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        assertThat(readLine(in)).isEqualTo("$-1");
      }
      assertThat(redis.commandCalls("publish")).isEqualTo(3);
      assertThat(redis.commandCalls("PUBLISH")).isEqualTo(3);
      assertThat(redis.commandCalls("get")).isEqualTo(1);
      assertThat(redis.commandCalls("xadd")).isZero();
    }
  }

  private static String readLine(InputStream in) throws Exception {
    StringBuilder b = new StringBuilder();
    for (int c = in.read(); c != '\n' && c >= 0; c = in.read()) {
      if (c != '\r') {
        b.append((char) c);
      }
    }
    return b.toString();
  }
}
