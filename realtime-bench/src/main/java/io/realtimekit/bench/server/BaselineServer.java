package io.realtimekit.bench.server;

import jakarta.websocket.Endpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The baseline: {@link BaselineEndpoint} on a Jetty built exactly as {@code RealtimeJetty} builds
 * its own.
 */
final class BaselineServer {
  private BaselineServer() {}

  static int start(int port, byte[] secret) throws Exception {
    return start(port, secret, false);
  }

  /**
   * {@code socketIo}: {@link BaselineSocketIoEndpoint} at {@code /socket.io/} (Socket.IO framing)
   * instead of {@link BaselineEndpoint} at {@code /realtime} (native framing).
   */
  static int start(int port, byte[] secret, boolean socketIo) throws Exception {
    QueuedThreadPool threads = new QueuedThreadPool(64, 4);
    threads.setName("baseline-jetty");
    Server server = new Server(threads);
    ServerConnector connector = new ServerConnector(server, 1, 1);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    server.addConnector(connector);

    ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
    context.setContextPath("/");
    BaselineEndpoint.Shared shared = new BaselineEndpoint.Shared(secret);
    context.addServlet(new ServletHolder(new HeapServlet(shared::openSockets)), "/bench/heap");
    context.addServlet(
        new ServletHolder(new NotifyServlet(shared::notifyCommercials)), "/bench/notify");
    Class<? extends Endpoint> type =
        socketIo ? BaselineSocketIoEndpoint.class : BaselineEndpoint.class;
    ServerEndpointConfig config =
        ServerEndpointConfig.Builder.create(type, socketIo ? "/socket.io/" : "/realtime")
            .configurator(
                new ServerEndpointConfig.Configurator() {
                  @Override
                  public <T> T getEndpointInstance(Class<T> endpointClass) {
                    return endpointClass.cast(
                        socketIo
                            ? new BaselineSocketIoEndpoint(shared)
                            : new BaselineEndpoint(shared));
                  }
                })
            .build();
    JakartaWebSocketServletContainerInitializer.configure(
        context,
        (servletContext, container) -> {
          container.setDefaultMaxSessionIdleTimeout(0);
          container.addEndpoint(config);
        });
    server.setHandler(context);
    server.start();
    return connector.getLocalPort();
  }
}
