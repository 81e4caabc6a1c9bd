package io.realtimekit.jakarta;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The adapter's own small translations; the endpoint itself runs in the conformance suites. */
class RealtimeEndpointConfigTest {

  @Test
  void headersAreCaseInsensitiveAndEmptyOnesAreAbsent() {
    Map<String, List<String>> raw = new LinkedHashMap<>();
    raw.put("authorization", List.of("Bearer abc"));
    raw.put("Origin", List.of()); // Jetty reports an absent header as an empty list
    raw.put(null, List.of("HTTP/1.1 GET"));

    Map<String, List<String>> headers = RealtimeEndpointConfig.copyHeaders(raw);

    assertThat(headers.get("Authorization")).containsExactly("Bearer abc");
    assertThat(headers).doesNotContainKey("origin").hasSize(1);
  }
}
