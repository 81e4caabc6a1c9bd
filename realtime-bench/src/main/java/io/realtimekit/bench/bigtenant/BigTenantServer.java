package io.realtimekit.bench.bigtenant;

import io.realtimekit.Realtime;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.UserId;
import io.realtimekit.domain.assignment.AssignmentPolicies;
import io.realtimekit.infrastructure.auth.JwtTokenVerifier;
import io.realtimekit.jetty.RealtimeJetty;
import io.realtimekit.jetty.RealtimeServer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * The server of the "one big tenant" scenario, in its own process: {@code BigTenantServer <port>
 * <hex secret> <grace ms>}. realtimekit on Jetty with assignment on (least-loaded, 3 visitors per
 * commercial), the default per-connection rate limit, and {@code GET /bench/queue?company=<uuid>}:
 * the company's queue, one visitor id a line, next first. Prints {@code READY <port>}.
 */
public final class BigTenantServer {
  private BigTenantServer() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    byte[] secret = HexFormat.of().parseHex(args[1]);
    Duration grace = Duration.ofMillis(Long.parseLong(args[2]));
    Realtime realtime =
        Realtime.builder()
            .tokenVerifier(JwtTokenVerifier.hmac(secret).build())
            .assignment(AssignmentPolicies.leastLoaded())
            .defaultCapacity(3)
            .gracePeriod(grace)
            .build()
            .start();
    RealtimeServer server =
        RealtimeJetty.builder(realtime)
            .host("127.0.0.1")
            .port(port)
            .servlet("/bench/queue", new QueueServlet(realtime))
            .start();
    System.out.println("READY " + server.port());
    System.out.flush();
    Thread.currentThread().join();
  }

  /** {@code GET /bench/queue?company=<uuid>}: the queue, one id a line. */
  static final class QueueServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient Realtime realtime;

    QueueServlet(Realtime realtime) {
      this.realtime = realtime;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      List<UserId> queue = realtime.queue(CompanyId.of(req.getParameter("company")));
      StringBuilder b = new StringBuilder(queue.size() * 16);
      queue.forEach(v -> b.append(v.value()).append('\n'));
      resp.setContentType("text/plain");
      resp.getWriter().write(b.toString());
    }
  }
}
