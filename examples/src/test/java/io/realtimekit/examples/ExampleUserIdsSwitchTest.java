package io.realtimekit.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserIdScope;
import io.realtimekit.testkit.AuthMode;
import io.realtimekit.testkit.RealtimeTestClient;
import io.realtimekit.testkit.TestTokens;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code REALTIME_USER_IDS}: global by default, {@code per-company} by name, nothing else. */
@Timeout(60)
class ExampleUserIdsSwitchTest {
  private static final String SECRET = "example-user-ids-switch-test-secret-0123456789";

  @Test
  void globalUnlessPerCompanyByNameAndAnythingElseIsAConfigurationError() {
    assertThat(ExampleServer.userIds(Map.of())).isEqualTo(UserIdScope.GLOBAL);
    assertThat(ExampleServer.userIds(Map.of("REALTIME_USER_IDS", "Global")))
        .isEqualTo(UserIdScope.GLOBAL);
    assertThat(ExampleServer.userIds(Map.of("REALTIME_USER_IDS", " per-company ")))
        .isEqualTo(UserIdScope.PER_COMPANY);
    assertThatThrownBy(() -> ExampleServer.userIds(Map.of("REALTIME_USER_IDS", "tenant")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("REALTIME_USER_IDS")
        .hasMessageContaining("'tenant'");
  }

  @Test
  void perCompanyTheExampleServesTwoCompaniesU1AtOnce() throws Exception {
    TestTokens tokens = TestTokens.forSecret(SECRET.getBytes(StandardCharsets.UTF_8));
    CompanyId a = CompanyId.of(UUID.randomUUID());
    CompanyId b = CompanyId.of(UUID.randomUUID());
    Map<String, String> env =
        Map.of(
            "HOST", "127.0.0.1",
            "PORT", "0",
            "REALTIME_JWT_SECRET", SECRET,
            "REALTIME_DEV_TOKENS", "off",
            "REALTIME_USER_IDS", "per-company");
    try (ExampleServer example = ExampleServer.start(env);
        RealtimeTestClient u1a =
            RealtimeTestClient.connect(
                example.server().uri(),
                tokens.token("u-1", a, Role.VISITOR),
                AuthMode.FIRST_FRAME);
        RealtimeTestClient u1b =
            RealtimeTestClient.connect(
                example.server().uri(),
                tokens.token("u-1", b, Role.VISITOR),
                AuthMode.FIRST_FRAME)) {
      assertThat(example.realtime().userIds()).isEqualTo(UserIdScope.PER_COMPANY);
      assertThat(u1a.connectedData().get("userId").asText()).isEqualTo(a + "/u-1");
      assertThat(u1b.connectedData().get("userId").asText()).isEqualTo(b + "/u-1");
    }
  }
}
