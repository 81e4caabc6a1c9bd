package io.realtimekit.jetty;

import io.realtimekit.Realtime;
import io.realtimekit.jakarta.SocketIoPollingServlet;
import io.realtimekit.transport.socketio.SocketIoTransport;
import jakarta.servlet.Servlet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.eclipse.jetty.ee10.servlet.DefaultServlet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.resource.Resource;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.core.server.WebSocketServerComponents;
import org.eclipse.jetty.websocket.core.server.WebSocketUpgradeHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Jetty 12 server for a {@link Realtime}, in a few lines:
 *
 * <pre>{@code
 * Realtime realtime = Realtime.builder().tokenVerifier(verifier).build().start();
 * RealtimeServer server = RealtimeJetty.builder(realtime)
 *     .port(8080)                          // 0 for a free port
 *     .staticResources("static")           // classpath directory served at /
 *     .servlet("/api/*", new MyServlet())  // anything else of the host app
 *     .socketIo(true)                      // Socket.IO clients at /socket.io/ (off by default)
 *     .start();
 * ...
 * server.close();     // 1001 to every socket, Jetty stopped, threads and port released
 * realtime.close();   // the Realtime is yours: the server never closes it
 * }</pre>
 *
 * <p>Serves the native protocol (on Jetty's core WebSocket API) on {@link
 * io.realtimekit.RealtimeSettings#path()} ({@code /realtime}), {@code GET /health} ({@code
 * {"status":"UP","nodeId":"...","connections":N}}), the static files if any, and the servlets
 * given. With {@link Builder#socketIo(boolean)}, also Socket.IO v5 (Engine.IO v4) at {@code
 * /socket.io/}: the long-polling servlet and the WebSocket endpoint the client upgrades to, on the
 * same events, tokens and limits as the native protocol.
 *
 * <p>Ownership: {@link RealtimeServer#close()} does <em>not</em> close the {@link Realtime}. The
 * code that built the {@code Realtime} closes it, so that one {@code Realtime} may outlive a server
 * (a restart on another port, a test that stops the server and inspects the core).
 */
public final class RealtimeJetty {
  private static final Logger log = LoggerFactory.getLogger(RealtimeJetty.class);

  private RealtimeJetty() {}

  /**
   * A builder for a server of {@code realtime} (which must be started before {@link
   * Builder#start()}).
   */
  public static Builder builder(Realtime realtime) {
    return new Builder(realtime);
  }

  /** Configures and starts a {@link RealtimeServer}. Not thread-safe; one use. */
  public static final class Builder {
    private final Realtime realtime;
    private String host;
    private int port = 8080;
    private String healthPath = "/health";
    private Duration stopTimeout = Duration.ofSeconds(5);
    private Path staticDirectory;
    private String staticClasspath;
    private final Map<String, Servlet> servlets = new LinkedHashMap<>();
    private boolean socketIo;
    private boolean writeCoalescing = true;

    private Builder(Realtime realtime) {
      this.realtime = Objects.requireNonNull(realtime, "realtime");
    }

    /** The interface to bind ({@code "127.0.0.1"}); default every interface. */
    public Builder host(String value) {
      this.host = value;
      return this;
    }

    /** The port; 0 picks a free one ({@link RealtimeServer#port()} tells which). Default 8080. */
    public Builder port(int value) {
      if (value < 0 || value > 65535) {
        throw new IllegalArgumentException("port must be 0 to 65535");
      }
      this.port = value;
      return this;
    }

    /** Serves the files of {@code directory} at {@code /}. */
    public Builder staticResources(Path directory) {
      if (!Files.isDirectory(directory)) {
        throw new IllegalArgumentException("not a directory: " + directory);
      }
      this.staticDirectory = directory;
      this.staticClasspath = null;
      return this;
    }

    /**
     * Serves the classpath directory {@code classpathDirectory} (e.g. {@code "static"}) at {@code
     * /}. Optional: when no such directory is on the classpath at {@link #start()}, a warning is
     * logged and no static files are served (everything else starts as usual).
     */
    public Builder staticResources(String classpathDirectory) {
      this.staticClasspath = Objects.requireNonNull(classpathDirectory, "classpathDirectory");
      this.staticDirectory = null;
      return this;
    }

    /** Mounts a servlet of the host application at {@code pathSpec} ({@code "/api/*"}). */
    public Builder servlet(String pathSpec, Servlet servlet) {
      servlets.put(
          Objects.requireNonNull(pathSpec, "pathSpec"), Objects.requireNonNull(servlet, "servlet"));
      return this;
    }

    /**
     * Serves Socket.IO clients at {@code /socket.io/} (long-polling, WebSocket and the upgrade)
     * besides the native protocol. Default: off, so that an embedding application exposes only the
     * protocol it chose; turn it on for front ends written for {@code socket.io-client}.
     */
    public Builder socketIo(boolean value) {
      this.socketIo = value;
      return this;
    }

    /**
     * Whether frames written while the frames of one read are handled leave in one network write
     * per socket (Jetty's batch mode, flushed when the read's last complete frame was handled)
     * instead of one write per frame. Default: on (fewer system calls under load).
     *
     * <p>Knowing whether a read holds another complete frame needs a field Jetty does not publish;
     * it is read by reflection in one class that fails safe (without it, writes are flushed after
     * each frame). Turn this off to keep the adapter on Jetty's public API only: every frame is
     * then written when it is sent.
     */
    public Builder writeCoalescing(boolean value) {
      this.writeCoalescing = value;
      return this;
    }

    /** Where the health endpoint answers. Default {@code /health}. */
    public Builder healthPath(String value) {
      this.healthPath = Objects.requireNonNull(value, "healthPath");
      return this;
    }

    /** How long a stop waits for sockets to close and Jetty to stop. Default 5 s. */
    public Builder stopTimeout(Duration value) {
      this.stopTimeout = Objects.requireNonNull(value, "stopTimeout");
      return this;
    }

    /**
     * Starts the server.
     *
     * @throws Exception when Jetty cannot start (port taken...); nothing is left running then
     */
    public RealtimeServer start() throws Exception {
      if (!realtime.isRunning()) {
        throw new IllegalStateException("start the Realtime before its server");
      }
      QueuedThreadPool threads = new QueuedThreadPool(64, 4);
      threads.setName("realtime-jetty");
      Server server = new Server(threads);
      server.setStopTimeout(stopTimeout.toMillis());
      ServerConnector connector = new ServerConnector(server, 1, 1);
      connector.setHost(host);
      connector.setPort(port);
      server.addConnector(connector);

      ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
      context.setContextPath("/");
      context.addServlet(new ServletHolder("health", new HealthServlet(realtime)), healthPath);
      servlets.forEach((spec, servlet) -> context.addServlet(new ServletHolder(servlet), spec));

      WriteCoalescing coalescing = writeCoalescing ? WriteCoalescing.on() : WriteCoalescing.off();
      CoreWebSocketEndpoint endpoint =
          new CoreWebSocketEndpoint(
              realtime.transport(), realtime.transport().settings().path(), coalescing);
      CoreWebSocketEndpoint socketIoEndpoint =
          socketIo
              ? new CoreWebSocketEndpoint(
                  realtime.socketIoTransport(), SocketIoTransport.PATH, coalescing)
              : null;
      if (socketIoEndpoint != null) {
        ServletHolder polling =
            new ServletHolder(
                "socket.io", new SocketIoPollingServlet(realtime.socketIoTransport()));
        polling.setAsyncSupported(true);
        context.addServlet(polling, socketIoEndpoint.path() + "*");
      }
      // WebSocket upgrades are taken before the servlet context, on Jetty's core WebSocket API
      WebSocketUpgradeHandler upgrades =
          new WebSocketUpgradeHandler(WebSocketServerComponents.ensureWebSocketComponents(server));
      upgrades.addMapping(endpoint.path(), endpoint);
      if (socketIoEndpoint != null) {
        upgrades.addMapping(socketIoEndpoint.path(), socketIoEndpoint);
      }
      upgrades.setHandler(context);

      Resource base = null;
      if (staticDirectory != null) {
        base = ResourceFactory.of(context).newResource(staticDirectory);
      } else if (staticClasspath != null) {
        base = ResourceFactory.of(context).newClassLoaderResource(staticClasspath);
        if (base == null || !base.exists()) {
          log.warn(
              "static resources: no classpath directory {}; serving no static files",
              staticClasspath);
          base = null;
        }
      }
      if (base != null) {
        context.setBaseResource(base);
        ServletHolder files = new ServletHolder("static", DefaultServlet.class);
        files.setInitParameter("dirAllowed", "false");
        context.addServlet(files, "/");
      }

      server.setHandler(upgrades);
      try {
        server.start();
      } catch (Exception e) {
        server.stop();
        throw e;
      }
      endpoint.start(server.getScheduler());
      // no WebSocket-level heartbeat for Socket.IO: its Engine.IO pings prove the peer alive, and a
      // WebSocket ping on top would double the ping traffic of every idle session
      return new RealtimeServer(
          realtime, server, connector, endpoint, socketIoEndpoint, host, stopTimeout);
    }
  }
}
