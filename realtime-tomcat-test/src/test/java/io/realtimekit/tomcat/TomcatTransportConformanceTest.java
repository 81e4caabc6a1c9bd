package io.realtimekit.tomcat;

import io.realtimekit.Realtime;
import io.realtimekit.jakarta.RealtimeEndpointConfig;
import io.realtimekit.testkit.RealtimeTransportConformance;
import io.realtimekit.testkit.RunningServer;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.websocket.server.ServerContainer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.servlets.DefaultServlet;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.websocket.server.WsSci;

/**
 * The transport conformance suite on embedded Tomcat 11: the {@code realtime-jakarta} endpoint
 * unchanged, only the bootstrap differs. This is all a host app on Tomcat needs. Every assertion
 * lives in {@link RealtimeTransportConformance}.
 */
class TomcatTransportConformanceTest extends RealtimeTransportConformance {

  @Override
  protected RunningServer start(Realtime realtime) throws Exception {
    Path base = Files.createTempDirectory("realtime-tomcat");
    RealtimeEndpointConfig endpoint = RealtimeEndpointConfig.create(realtime);

    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(base.toString());
    Connector connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.getService().addConnector(connector);
    tomcat.setConnector(connector);

    Context context = tomcat.addContext("", base.toString());
    // Tomcat runs filters (its WebSocket upgrade is WsFilter) only for mapped requests
    Tomcat.addServlet(context, "default", new DefaultServlet());
    context.addServletMappingDecoded("/", "default");
    context.addServletContainerInitializer(new WsSci(), null);
    ServletContainerInitializer mount =
        (classes, servletContext) -> {
          ServerContainer container =
              (ServerContainer) servletContext.getAttribute(ServerContainer.class.getName());
          try {
            container.addEndpoint(endpoint.serverEndpointConfig());
          } catch (jakarta.websocket.DeploymentException e) {
            throw new jakarta.servlet.ServletException(e);
          }
        };
    context.addServletContainerInitializer(mount, null);
    tomcat.start();

    URI uri = URI.create("ws://127.0.0.1:" + connector.getLocalPort() + endpoint.path());
    return RunningServer.of(
        uri,
        () -> {
          try {
            endpoint.closeAll(1001, "server shutting down", Duration.ofSeconds(5));
            tomcat.stop();
            tomcat.destroy();
          } finally {
            endpoint.close();
            deleteQuietly(base);
          }
        });
  }

  private static void deleteQuietly(Path dir) {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (java.io.IOException ignored) {
      // temp dir
    }
  }
}
