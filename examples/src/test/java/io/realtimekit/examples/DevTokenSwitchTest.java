package io.realtimekit.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.HttpURLConnection;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code /dev/token} mints tokens for anyone: served only on loopback or when asked by name. */
@Timeout(60)
class DevTokenSwitchTest {

  @Test
  void unsetItIsOnOnlyForALoopbackBind() {
    assertThat(DevTokenSwitch.enabled(Map.of(), "127.0.0.1")).isTrue();
    assertThat(DevTokenSwitch.enabled(Map.of(), "localhost")).isTrue();
    assertThat(DevTokenSwitch.enabled(Map.of(), "::1")).isTrue();
    assertThat(DevTokenSwitch.enabled(Map.of(), "0.0.0.0")).isFalse();
    assertThat(DevTokenSwitch.enabled(Map.of(), "::")).isFalse();
    assertThat(DevTokenSwitch.enabled(Map.of(), "192.168.1.20")).isFalse();
    assertThat(DevTokenSwitch.enabled(Map.of(), "chat.example.com")).isFalse();
  }

  @Test
  void theVariableWinsEitherWayAndAnythingElseIsAConfigurationError() {
    assertThat(DevTokenSwitch.enabled(Map.of("REALTIME_DEV_TOKENS", "on"), "0.0.0.0")).isTrue();
    assertThat(DevTokenSwitch.enabled(Map.of("REALTIME_DEV_TOKENS", "off"), "127.0.0.1")).isFalse();
    assertThatThrownBy(() -> DevTokenSwitch.enabled(Map.of("REALTIME_DEV_TOKENS", "yes"), "::1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("REALTIME_DEV_TOKENS");
  }

  @Test
  void turnedOffTheExampleServesNoDevTokenButStillServesTheRest() throws Exception {
    try (ExampleServer example =
        ExampleServer.start(
            Map.of("HOST", "127.0.0.1", "PORT", "0", "REALTIME_DEV_TOKENS", "off"))) {
      assertThat(status(example, "/dev/token?sub=a&role=admin")).isEqualTo(404);
      assertThat(status(example, "/health")).isEqualTo(200);
    }
  }

  private static int status(ExampleServer example, String path) throws Exception {
    HttpURLConnection conn =
        (HttpURLConnection) example.server().httpUri().resolve(path).toURL().openConnection();
    conn.setConnectTimeout(5000);
    conn.setReadTimeout(5000);
    try {
      return conn.getResponseCode();
    } finally {
      conn.disconnect();
    }
  }
}
