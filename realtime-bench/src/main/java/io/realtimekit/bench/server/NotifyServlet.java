package io.realtimekit.bench.server;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.ToIntFunction;

/**
 * {@code GET /bench/notify?company=<uuid>}: one notification to every commercial of the company;
 * answers how many sockets.
 */
final class NotifyServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private final transient ToIntFunction<String> notifier;

  NotifyServlet(ToIntFunction<String> notifier) {
    this.notifier = notifier;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    int n = notifier.applyAsInt(req.getParameter("company"));
    resp.setContentType("text/plain");
    resp.getWriter().write(Integer.toString(n));
  }
}
