package io.realtimekit.jakarta;

import io.realtimekit.transport.socketio.PollRequest;
import io.realtimekit.transport.socketio.PollResponder;
import io.realtimekit.transport.socketio.PollResponse;
import io.realtimekit.transport.socketio.SocketIoTransport;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP long-polling transport of Socket.IO (Engine.IO v4): a translation of servlet requests to
 * {@link SocketIoTransport#handle}. Mount it at {@code /socket.io/*} with async support on, next to
 * {@link RealtimeEndpointConfig#socketIo} (the WebSocket the client upgrades to):
 *
 * <pre>{@code
 * ServletRegistration.Dynamic polling =
 *     servletContext.addServlet("socket.io", new SocketIoPollingServlet(realtime.socketIoTransport()));
 * polling.addMapping("/socket.io/*");
 * polling.setAsyncSupported(true);
 * }</pre>
 *
 * <p>A poll waits (asynchronously, holding no thread) until packets are there, at the latest until
 * the next server ping. A {@code POST} body is read up to the frame limit plus one character; a
 * longer one is refused with 413. Cross-origin browsers get CORS headers when their origin is
 * allowed ({@link io.realtimekit.RealtimeSettings#isOriginAllowed}).
 */
public final class SocketIoPollingServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger log = LoggerFactory.getLogger(SocketIoPollingServlet.class);
  private static final long SLACK_MS = 5_000;

  private final transient SocketIoTransport transport;

  /** A servlet for {@code transport} ({@code realtime.socketIoTransport()}). */
  public SocketIoPollingServlet(SocketIoTransport transport) {
    this.transport = transport;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    serve(req, resp, false);
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    serve(req, resp, true);
  }

  @Override
  protected void doOptions(HttpServletRequest req, HttpServletResponse resp) {
    cors(req, resp);
    resp.setHeader("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
    resp.setHeader("Access-Control-Allow-Headers", "content-type");
    resp.setStatus(204);
  }

  private void serve(HttpServletRequest req, HttpServletResponse resp, boolean post)
      throws IOException {
    String body = post ? readAtMost(req.getInputStream(), transport.maxPayload() + 1) : "";
    PollRequest request =
        new PollRequest(
            post, query(req), headers(req), req.getRemoteAddr() + ":" + req.getRemotePort(), body);
    AsyncContext async = req.startAsync();
    async.setTimeout(transport.longestPoll().toMillis() + SLACK_MS);
    Responder responder = new Responder(async, req, resp);
    String sid = request.param("sid").orElse(null);
    async.addListener(
        new AsyncListener() {
          @Override
          public void onTimeout(AsyncEvent event) {
            if (sid == null || transport.cancelPoll(sid, responder)) {
              responder.respond(new PollResponse(200, "text/plain; charset=UTF-8", "6"));
            }
          }

          @Override
          public void onError(AsyncEvent event) {
            if (sid != null) {
              transport.cancelPoll(sid, responder);
            }
          }

          @Override
          public void onComplete(AsyncEvent event) {}

          @Override
          public void onStartAsync(AsyncEvent event) {}
        });
    transport.handle(request, responder);
  }

  /** Writes an answer once, on a container thread (the core may answer from any thread). */
  private final class Responder implements PollResponder {
    private final AsyncContext async;
    private final HttpServletRequest req;
    private final HttpServletResponse resp;
    private final AtomicBoolean done = new AtomicBoolean();

    Responder(AsyncContext async, HttpServletRequest req, HttpServletResponse resp) {
      this.async = async;
      this.req = req;
      this.resp = resp;
    }

    @Override
    public void respond(PollResponse response) {
      if (!done.compareAndSet(false, true)) {
        return;
      }
      async.start(
          () -> {
            try {
              byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
              resp.setStatus(response.status());
              resp.setContentType(response.contentType());
              resp.setHeader("Cache-Control", "no-store");
              cors(req, resp);
              resp.setContentLength(bytes.length);
              resp.getOutputStream().write(bytes);
            } catch (IOException | RuntimeException e) {
              log.debug("socket.io poll answer failed: {}", e.toString());
            } finally {
              try {
                async.complete();
              } catch (IllegalStateException ignored) {
                // the request already ended
              }
            }
          });
    }
  }

  /**
   * Credentialed CORS only for origins named in the allow-list; with no allow-list, any origin may
   * poll, but without credentials ({@code *}), so a page of another site never rides a visitor's
   * cookies.
   */
  private void cors(HttpServletRequest req, HttpServletResponse resp) {
    String origin = req.getHeader("Origin");
    if (origin == null) {
      return;
    }
    if (transport.settings().allowedOrigins().isEmpty()) {
      resp.setHeader("Access-Control-Allow-Origin", "*");
    } else if (transport.settings().allowedOrigins().contains(origin)) {
      resp.setHeader("Access-Control-Allow-Origin", origin);
      resp.setHeader("Access-Control-Allow-Credentials", "true");
      resp.setHeader("Vary", "Origin");
    }
  }

  private static String readAtMost(InputStream in, int limit) throws IOException {
    return new String(in.readNBytes(limit), StandardCharsets.UTF_8);
  }

  private static Map<String, List<String>> query(HttpServletRequest req) {
    Map<String, List<String>> out = new TreeMap<>();
    req.getParameterMap().forEach((k, v) -> out.put(k, Arrays.asList(v)));
    return out;
  }

  private static Map<String, List<String>> headers(HttpServletRequest req) {
    Map<String, List<String>> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (String name : Collections.list(req.getHeaderNames())) {
      out.put(name, new ArrayList<>(Collections.list(req.getHeaders(name))));
    }
    return out;
  }
}
