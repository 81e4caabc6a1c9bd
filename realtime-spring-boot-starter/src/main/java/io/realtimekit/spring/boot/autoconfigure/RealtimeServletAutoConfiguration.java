package io.realtimekit.spring.boot.autoconfigure;

import io.realtimekit.Realtime;
import io.realtimekit.jakarta.RealtimeEndpointConfig;
import io.realtimekit.jakarta.SocketIoPollingServlet;
import io.realtimekit.spring.boot.RealtimeProperties;
import io.realtimekit.transport.socketio.SocketIoTransport;
import jakarta.servlet.Servlet;
import jakarta.websocket.server.ServerContainer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;

/**
 * Mounts the Realtime on the application's own servlet container (Tomcat, Jetty, or any Jakarta
 * WebSocket 2.1+ container): the {@code realtime-jakarta} endpoint at {@code realtime.path} ({@code
 * /realtime}) and, with {@code realtime.socket-io.enabled} (the default), the Socket.IO endpoint at
 * {@code /socket.io/} plus its long-polling servlet at {@code /socket.io/*}.
 *
 * <p>The container must expose a Jakarta WebSocket {@code ServerContainer}: Spring Boot's server
 * starters do ({@code spring-boot-starter-tomcat} carries {@code tomcat-embed-websocket}, {@code
 * spring-boot-starter-jetty} Jetty's Jakarta WebSocket server). Nothing here names a container
 * class, and the starter brings no server: the application's Tomcat or Jetty is used as it is.
 */
@AutoConfiguration(after = RealtimeAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({Servlet.class, ServerContainer.class, RealtimeEndpointConfig.class})
@ConditionalOnBean(Realtime.class)
public class RealtimeServletAutoConfiguration {

  /** Creates the auto-configuration; Spring calls it. */
  public RealtimeServletAutoConfiguration() {}

  /** Adds the endpoints to the servlet context's {@code ServerContainer}. */
  @Bean
  public ServletEndpointRegistrar realtimeEndpointRegistrar(
      Realtime realtime, RealtimeProperties properties) {
    return new ServletEndpointRegistrar(realtime, properties.getSocketIo().isEnabled());
  }

  /** The Socket.IO long-polling transport (and the upgrade's first leg) at {@code /socket.io/*}. */
  @Bean
  @ConditionalOnBooleanProperty(name = "realtime.socket-io.enabled", matchIfMissing = true)
  public ServletRegistrationBean<SocketIoPollingServlet> realtimeSocketIoPollingServlet(
      Realtime realtime) {
    ServletRegistrationBean<SocketIoPollingServlet> registration =
        new ServletRegistrationBean<>(
            new SocketIoPollingServlet(realtime.socketIoTransport()), SocketIoTransport.PATH + "*");
    registration.setName("realtimeSocketIoPolling");
    registration.setAsyncSupported(true);
    return registration;
  }
}
