package io.realtimekit.jetty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import io.realtimekit.domain.assignment.AssignmentPolicies;
import io.realtimekit.infrastructure.auth.HmacTokenIssuer;
import io.realtimekit.testkit.AuthMode;
import io.realtimekit.testkit.RealtimeTestClient;
import io.realtimekit.testkit.Reply;
import io.realtimekit.testkit.RunningServer;
import io.realtimekit.testkit.TestServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Paged {@code presence:list} and {@code assignment:queue} through real WebSockets on Jetty, for a
 * company whose full list is several times larger than the frame limit (1 KiB here): every reply
 * fits a frame, the socket stays open, and the pages cover everyone once.
 */
class PagedListsOverSocketsTest {
  static final int FRAME = 1_024;
  static final int VISITORS = 60;
  final CompanyId company = CompanyId.of(UUID.randomUUID());
  TestServer server;
  HmacTokenIssuer issuer;

  @BeforeEach
  void start() throws Exception {
    server =
        TestServer.start(
            realtime -> {
              RealtimeServer s = RealtimeJetty.builder(realtime).host("127.0.0.1").port(0).start();
              return RunningServer.of(s.uri(), s);
            },
            builder -> builder.assignment(AssignmentPolicies.offerToAll()).maxFrameBytes(FRAME));
    issuer = new HmacTokenIssuer(server.tokens().secret());
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  RealtimeTestClient connect(String user, Role role) throws Exception {
    String token =
        issuer.issue(UserId.of(user), company, Set.of(role), Duration.ofHours(1), Map.of());
    return server.track(RealtimeTestClient.connect(server.uri(), token, AuthMode.FIRST_FRAME));
  }

  /** Pages through {@code event}, collecting {@code field} of each item of {@code list}. */
  List<String> pageThrough(RealtimeTestClient c, String event, String list, String field) {
    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      Map<String, Object> data = new HashMap<>();
      data.put("limit", 500);
      if (cursor != null) {
        data.put("cursor", cursor);
      }
      Reply r = c.request(event, data);
      assertThat(r.ok()).as("%s", r.raw()).isTrue();
      assertThat(r.raw().toString().getBytes(StandardCharsets.UTF_8).length)
          .as("reply size")
          .isLessThanOrEqualTo(FRAME);
      r.data().get(list).forEach(item -> seen.add(item.get(field).asText()));
      JsonNode next = r.data().get("nextCursor");
      cursor = next == null || next.isNull() ? null : next.asText();
      pages++;
    } while (cursor != null);
    assertThat(pages).as("pages of %s", event).isGreaterThan(2);
    assertThat(c.isOpen()).isTrue();
    return seen;
  }

  @Test
  void bothListsPageThroughACompanyLargerThanOneFrame() throws Exception {
    RealtimeTestClient commercial = connect("commercial-0", Role.COMMERCIAL);
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < VISITORS; i++) {
      String id = String.format("visitor-%03d", i);
      connect(id, Role.VISITOR);
      expected.add(id);
    }
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> server.realtime().queue(company).size() == VISITORS);

    List<String> users = pageThrough(commercial, "presence:list", "users", "userId");
    assertThat(users)
        .doesNotHaveDuplicates()
        .isSorted()
        .containsAll(expected)
        .contains("commercial-0")
        .hasSize(VISITORS + 1);

    List<String> queue = pageThrough(commercial, "assignment:queue", "queue", "visitorId");
    assertThat(queue)
        .isEqualTo(server.realtime().queue(company).stream().map(UserId::value).toList());
  }
}
