package io.realtimekit.jetty;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.realtimekit.Realtime;
import io.realtimekit.RealtimeHealth;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /health}: {@code {"status":"UP","nodeId":"...","connections":N,"checks":{"repository":
 * {"status":"UP"}}}}, 503 when the node is stopped or any check (repository, Redis) is down.
 */
final class HealthServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final transient Realtime realtime;

  HealthServlet(Realtime realtime) {
    this.realtime = realtime;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    RealtimeHealth health = realtime.health();
    boolean up = health.up();
    ObjectNode body = JSON.createObjectNode();
    body.put("status", up ? "UP" : "DOWN");
    body.put("nodeId", realtime.nodeId().value());
    body.put("connections", health.running() ? realtime.transport().openConnections() : 0);
    ObjectNode checks = body.putObject("checks");
    health
        .checks()
        .forEach(
            (name, status) -> {
              ObjectNode check = checks.putObject(name).put("status", status.up() ? "UP" : "DOWN");
              if (!status.detail().isEmpty()) {
                check.put("detail", status.detail());
              }
            });
    byte[] bytes = JSON.writeValueAsBytes(body);
    resp.setStatus(up ? 200 : 503);
    resp.setContentType("application/json");
    resp.setCharacterEncoding(StandardCharsets.UTF_8.name());
    resp.setHeader("Cache-Control", "no-store");
    resp.setContentLength(bytes.length);
    resp.getOutputStream().write(bytes);
  }
}
