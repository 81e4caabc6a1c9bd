package io.realtimekit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.assignment.AssignmentPolicies;
import io.realtimekit.testing.CoreHarness;
import io.realtimekit.testing.InMemoryConnection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code presence:list} and {@code assignment:queue} of a company far larger than one frame (2,000
 * visitors, a 16 KiB frame limit), through the in-process transport: every page fits a frame, the
 * pages cover everyone once and in order, and small companies keep the same reply shape.
 */
class PagedListsTest {
  static final int FRAME = 16_384;
  static final CompanyId A = CompanyId.of(UUID.randomUUID());
  static final CompanyId B = CompanyId.of(UUID.randomUUID());

  CoreHarness h =
      CoreHarness.start(b -> b.assignment(AssignmentPolicies.offerToAll()).maxFrameBytes(FRAME));
  int nextId = 1;

  @AfterEach
  void stop() {
    h.close();
  }

  /** Sends a request and returns its reply, checking the reply frame fits the frame limit. */
  JsonNode request(InMemoryConnection c, String event, String dataJson) {
    int id = nextId++;
    c.receive("{\"event\":\"" + event + "\",\"data\":" + dataJson + ",\"id\":" + id + "}");
    JsonNode reply = c.reply(id).orElseThrow();
    String raw =
        c.sent().stream()
            .filter(s -> s.startsWith("{\"reply\":" + id + ","))
            .findFirst()
            .orElseThrow();
    assertThat(raw.getBytes(StandardCharsets.UTF_8).length)
        .as("reply size")
        .isLessThanOrEqualTo(FRAME);
    assertThat(reply.path("ok").asBoolean())
        .as("reply %s", raw.length() > 300 ? raw.substring(0, 300) : raw)
        .isTrue();
    return reply.get("data");
  }

  @Test
  void bothListsPageThroughACompanyLargerThanOneFrame() {
    InMemoryConnection admin = h.connect("admin", A, Role.ADMIN);
    InMemoryConnection commercial = h.connect("c-1", A, Role.COMMERCIAL);
    for (int i = 0; i < 2_000; i++) {
      h.connect(String.format("visitor-with-a-longish-id-%04d", i), A, Role.VISITOR);
    }
    h.connect("someone-of-b", B, Role.VISITOR);

    // presence: default limit 100, then limit 500 (which the frame limit cuts shorter)
    for (int limit : new int[] {0, 500}) {
      List<String> seen = new ArrayList<>();
      String cursor = null;
      int pages = 0;
      do {
        String data =
            "{\"role\":\"visitor\""
                + (limit > 0 ? ",\"limit\":" + limit : "")
                + (cursor == null ? "" : ",\"cursor\":\"" + cursor + "\"")
                + "}";
        JsonNode page = request(admin, "presence:list", data);
        page.get("users").forEach(u -> seen.add(u.get("userId").asText()));
        assertThat(page.get("users").size())
            .isLessThanOrEqualTo(limit > 0 ? 500 : 100)
            .isPositive();
        cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
        pages++;
      } while (cursor != null);
      assertThat(seen).hasSize(2_000).doesNotHaveDuplicates().isSorted();
      assertThat(seen).noneMatch(u -> u.equals("someone-of-b"));
      assertThat(pages).isGreaterThan(limit > 0 ? 4 : 19);
    }

    // the queue: 2,000 waiting (offer-to-all never assigns by itself)
    List<String> queued = new ArrayList<>();
    String cursor = null;
    do {
      JsonNode page =
          request(
              commercial,
              "assignment:queue",
              "{\"limit\":500" + (cursor == null ? "" : ",\"cursor\":\"" + cursor + "\"") + "}");
      assertThat(page.get("length").asInt()).isEqualTo(2_000);
      for (JsonNode e : page.get("queue")) {
        assertThat(e.get("position").asInt()).isEqualTo(queued.size() + 1);
        queued.add(e.get("visitorId").asText());
      }
      cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
    } while (cursor != null);
    assertThat(queued).hasSize(2_000).doesNotHaveDuplicates();
    assertThat(queued).isEqualTo(h.realtime.queue(A).stream().map(u -> u.value()).toList());
  }

  @Test
  void aSmallCompanyGetsEverythingInOneReplyWithTheSameFields() {
    InMemoryConnection c = h.connect("c-1", B, Role.COMMERCIAL);
    h.connect("v-1", B, Role.VISITOR);
    h.connect("v-2", B, Role.VISITOR);
    JsonNode presence = request(c, "presence:list", "{}");
    Set<String> ids = new HashSet<>();
    presence
        .get("users")
        .forEach(
            u -> {
              ids.add(u.get("userId").asText());
              assertThat(u.has("roles") && u.has("connections")).isTrue();
            });
    assertThat(ids).containsExactlyInAnyOrder("c-1", "v-1", "v-2");
    assertThat(presence.get("nextCursor").isNull()).isTrue();
    JsonNode queue = request(c, "assignment:queue", "null");
    assertThat(queue.get("queue")).hasSize(2);
    assertThat(queue.get("queue").get(0).get("position").asInt()).isEqualTo(1);
    assertThat(queue.get("nextCursor").isNull()).isTrue();
  }

  @Test
  void badLimitsAndCursorsAreRefusedAndTheSocketKeepsServing() {
    InMemoryConnection c = h.connect("c-1", B, Role.COMMERCIAL);
    for (String bad :
        new String[] {
          "{\"limit\":0}", "{\"limit\":\"ten\"}", "{\"cursor\":\"!!!\"}", "{\"cursor\":5}"
        }) {
      int id = nextId++;
      c.receive("{\"event\":\"presence:list\",\"data\":" + bad + ",\"id\":" + id + "}");
      assertThat(c.reply(id).orElseThrow().at("/error/code").asText())
          .as(bad)
          .isEqualTo("INVALID_ARGUMENT");
    }
    // a presence cursor is no queue cursor
    h.connect("v-1", B, Role.VISITOR);
    h.connect("v-2", B, Role.VISITOR);
    JsonNode page = request(c, "presence:list", "{\"limit\":1}");
    int id = nextId++;
    c.receive(
        "{\"event\":\"assignment:queue\",\"data\":{\"cursor\":\""
            + page.get("nextCursor").asText()
            + "\"},\"id\":"
            + id
            + "}");
    assertThat(c.reply(id).orElseThrow().at("/error/code").asText()).isEqualTo("INVALID_ARGUMENT");
    assertThat(c.closeCode()).isNull();
    assertThat(request(c, "presence:list", "{\"limit\":1000}").get("users")).hasSize(3);
  }
}
