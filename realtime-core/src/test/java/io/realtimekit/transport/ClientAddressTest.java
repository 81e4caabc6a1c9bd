package io.realtimekit.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The client address as every adapter reports it: Jetty, Tomcat's InetSocketAddress, a proxy. */
class ClientAddressTest {

  @Test
  void theHostOfEveryPeerFormatAdaptersGive() {
    assertThat(ClientAddress.of("127.0.0.1:53211", Map.of(), "")).isEqualTo("127.0.0.1");
    assertThat(ClientAddress.of("/127.0.0.1:53211", Map.of(), "")).isEqualTo("127.0.0.1");
    assertThat(ClientAddress.of("localhost/127.0.0.1:53211", Map.of(), "")).isEqualTo("127.0.0.1");
    assertThat(ClientAddress.of("[::1]:53211", Map.of(), "")).isEqualTo("::1");
    assertThat(ClientAddress.of("/[0:0:0:0:0:0:0:1]:53211", Map.of(), ""))
        .isEqualTo("0:0:0:0:0:0:0:1");
    assertThat(ClientAddress.of("session-7", Map.of(), "")).isEmpty();
  }

  @Test
  void theLastValueOfATrustedForwardingHeaderWins() {
    Map<String, List<String>> headers = Map.of("x-forwarded-for", List.of("6.6.6.6, 10.0.0.8"));
    assertThat(ClientAddress.of("10.0.0.1:4000", headers, "X-Forwarded-For")).isEqualTo("10.0.0.8");
    assertThat(ClientAddress.of("10.0.0.1:4000", headers, "")).isEqualTo("10.0.0.1");
    assertThat(ClientAddress.of("10.0.0.1:4000", Map.of(), "X-Forwarded-For"))
        .isEqualTo("10.0.0.1");
  }
}
