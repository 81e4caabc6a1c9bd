package io.realtimekit.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.DomainException;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import io.realtimekit.infrastructure.auth.HmacTokenIssuer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;

/**
 * {@code GET /dev/token?sub=&role=&companyId=}: mints a demo token. FOR DEMOS ONLY: anyone who can
 * reach it can be anyone. The library never mounts it; the example does, and says so in its log.
 */
final class DevTokenServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String DEMO_COMPANY = "00000000-0000-4000-8000-000000000001";

  private final transient HmacTokenIssuer issuer;

  DevTokenServlet(HmacTokenIssuer issuer) {
    this.issuer = issuer;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    ObjectNode body = JSON.createObjectNode();
    int status;
    try {
      UserId sub = UserId.of(param(req, "sub", "visitor-" + Long.toHexString(System.nanoTime())));
      Role role = Role.of(param(req, "role", "visitor"));
      CompanyId company = CompanyId.of(param(req, "companyId", DEMO_COMPANY));
      body.put("token", issuer.issue(sub, company, Set.of(role), Duration.ofHours(1)));
      body.put("sub", sub.value());
      body.put("role", role.name());
      body.put("companyId", company.toString());
      status = 200;
    } catch (DomainException | IllegalArgumentException e) {
      body.put("error", e.getMessage());
      status = 400;
    }
    byte[] bytes = JSON.writeValueAsBytes(body);
    resp.setStatus(status);
    resp.setContentType("application/json");
    resp.setCharacterEncoding(StandardCharsets.UTF_8.name());
    resp.setHeader("Cache-Control", "no-store");
    resp.getOutputStream().write(bytes);
  }

  private static String param(HttpServletRequest req, String name, String fallback) {
    String v = req.getParameter(name);
    return v == null || v.isBlank() ? fallback : v.trim();
  }
}
