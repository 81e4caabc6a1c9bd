package io.realtimekit.bench.server;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.function.BiFunction;

/**
 * {@code GET /bench/conversation?company=<uuid>&users=<id>,<id>,...}: the host opens a conversation
 * with these users (the first as its visitor, the others as agents); answers its id, or 400 with
 * the refusal.
 */
final class ConversationServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private final transient BiFunction<String, List<String>, String> opener;

  ConversationServlet(BiFunction<String, List<String>, String> opener) {
    this.opener = opener;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String company = req.getParameter("company");
    String users = req.getParameter("users");
    if (company == null || users == null || users.isBlank()) {
      resp.sendError(400, "company and users are required");
      return;
    }
    String id;
    try {
      id = opener.apply(company, List.of(users.split(",")));
    } catch (IllegalArgumentException e) {
      resp.sendError(400, e.getMessage());
      return;
    }
    resp.setContentType("text/plain");
    resp.getWriter().write(id);
  }
}
