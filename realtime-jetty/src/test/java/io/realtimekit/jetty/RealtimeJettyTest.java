package io.realtimekit.jetty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.realtimekit.Realtime;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.NodeId;
import io.realtimekit.domain.Role;
import io.realtimekit.testkit.AuthMode;
import io.realtimekit.testkit.RealtimeTestClient;
import io.realtimekit.testkit.TestTokens;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What the Jetty bootstrap adds to the endpoint: health, static files, graceful stop. */
@Timeout(60)
class RealtimeJettyTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final TestTokens tokens = new TestTokens();
  private final CompanyId company = CompanyId.of(UUID.randomUUID());
  private Realtime realtime;
  private RealtimeServer server;

  @BeforeEach
  void startRealtime() {
    realtime =
        Realtime.builder().tokenVerifier(tokens.verifier()).nodeId(NodeId.of("node-a")).build();
    realtime.start();
  }

  @AfterEach
  void stopAll() throws Exception {
    if (server != null) {
      server.close();
    }
    realtime.close();
  }

  @Test
  void healthReportsStatusNodeAndConnections() throws Exception {
    server = RealtimeJetty.builder(realtime).host("127.0.0.1").port(0).start();
    JsonNode before = health();
    assertThat(before.path("status").asText()).isEqualTo("UP");
    assertThat(before.path("nodeId").asText()).isEqualTo("node-a");
    assertThat(before.path("connections").asInt()).isZero();

    try (RealtimeTestClient c =
        RealtimeTestClient.connect(
            server.uri(), tokens.token("u1", company, Role.VISITOR), AuthMode.HEADER)) {
      assertThat(health().path("connections").asInt()).isEqualTo(1);
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> health().path("connections").asInt() == 0);
  }

  @Test
  void servesStaticFilesAndHostServlets(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("index.html"), "<h1>hello</h1>");
    server =
        RealtimeJetty.builder(realtime)
            .host("127.0.0.1")
            .port(0)
            .staticResources(dir)
            .servlet(
                "/hello",
                new jakarta.servlet.http.HttpServlet() {
                  private static final long serialVersionUID = 1L;

                  @Override
                  protected void doGet(
                      jakarta.servlet.http.HttpServletRequest req,
                      jakarta.servlet.http.HttpServletResponse resp)
                      throws java.io.IOException {
                    resp.getWriter().write("hi " + req.getParameter("name"));
                  }
                })
            .start();

    assertThat(get("/").body()).contains("<h1>hello</h1>");
    assertThat(get("/hello?name=bob").body()).isEqualTo("hi bob");
    assertThat(get("/nope.txt").statusCode()).isEqualTo(404);
  }

  @Test
  void aMissingStaticClasspathFolderServesNoFilesAndTheRestRuns() throws Exception {
    server =
        RealtimeJetty.builder(realtime)
            .host("127.0.0.1")
            .port(0)
            .staticResources("no-such-folder-" + UUID.randomUUID())
            .start();

    assertThat(get("/index.html").statusCode()).isEqualTo(404);
    assertThat(health().path("status").asText()).isEqualTo("UP");
    try (RealtimeTestClient c =
        RealtimeTestClient.connect(
            server.uri(), tokens.token("u1", company, Role.VISITOR), AuthMode.HEADER)) {
      assertThat(c.connectedData().path("userId").asText()).isEqualTo("u1");
    }
  }

  @Test
  void stopClosesSocketsWith1001ReleasesThreadsAndFreesThePort() throws Exception {
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    server = RealtimeJetty.builder(realtime).host("127.0.0.1").port(0).start();
    int port = server.port();
    RealtimeTestClient c =
        RealtimeTestClient.connect(
            server.uri(), tokens.token("u1", company, Role.VISITOR), AuthMode.FIRST_FRAME);

    server.stop();

    assertThat(c.awaitClose(Duration.ofSeconds(5))).isEqualTo(1001);
    c.close();
    assertThat(server.isRunning()).isFalse();
    try (ServerSocket again = new ServerSocket()) {
      again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      assertThat(again.getLocalPort()).isEqualTo(port);
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(serverThreadsStartedSince(before))
                    .as("threads left behind by the server")
                    .allMatch(n -> n.startsWith("realtime-timers")));
    assertThat(realtime.isRunning()).as("the Realtime is the caller's to close").isTrue();

    realtime.close();
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(serverThreadsStartedSince(before)).as("threads left behind").isEmpty());
  }

  @Test
  void refusesToStartOnAPortInUse() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      Set<Thread> before = Thread.getAllStackTraces().keySet();
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () ->
                  RealtimeJetty.builder(realtime)
                      .host("127.0.0.1")
                      .port(taken.getLocalPort())
                      .start())
          .isInstanceOf(Exception.class);
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(serverThreadsStartedSince(before)).isEmpty());
    }
  }

  /** Live threads not present before, except the test client's (Tyrus) threads. */
  private static Set<String> serverThreadsStartedSince(Set<Thread> before) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> !before.contains(t) && t.isAlive())
        .map(Thread::getName)
        .filter(n -> !n.toLowerCase().contains("tyrus") && !n.toLowerCase().contains("grizzly"))
        .filter(n -> !n.startsWith("awaitility"))
        .collect(Collectors.toSet());
  }

  private JsonNode health() throws Exception {
    return JSON.readTree(get("/health").body());
  }

  private record Response(int statusCode, String body) {}

  private Response get(String path) throws Exception {
    URI uri = server.httpUri().resolve(path);
    HttpURLConnection conn = (HttpURLConnection) uri.toURL().openConnection();
    conn.setConnectTimeout(5000);
    conn.setReadTimeout(5000);
    try {
      int status = conn.getResponseCode();
      InputStream in = status < 400 ? conn.getInputStream() : conn.getErrorStream();
      String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return new Response(status, body);
    } finally {
      conn.disconnect();
    }
  }
}
