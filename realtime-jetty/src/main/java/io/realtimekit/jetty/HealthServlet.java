package io.realtimekit.jetty;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.realtimekit.Realtime;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** {@code GET /health}: {@code {"status":"UP","nodeId":"...","connections":N}}, 503 when down. */
final class HealthServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final transient Realtime realtime;

  HealthServlet(Realtime realtime) {
    this.realtime = realtime;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    boolean up = realtime.isRunning();
    ObjectNode body = JSON.createObjectNode();
    body.put("status", up ? "UP" : "DOWN");
    body.put("nodeId", realtime.nodeId().value());
    body.put("connections", up ? realtime.transport().openConnections() : 0);
    byte[] bytes = JSON.writeValueAsBytes(body);
    resp.setStatus(up ? 200 : 503);
    resp.setContentType("application/json");
    resp.setCharacterEncoding(StandardCharsets.UTF_8.name());
    resp.setHeader("Cache-Control", "no-store");
    resp.setContentLength(bytes.length);
    resp.getOutputStream().write(bytes);
  }
}
