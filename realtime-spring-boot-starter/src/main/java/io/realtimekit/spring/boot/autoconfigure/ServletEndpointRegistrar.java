package io.realtimekit.spring.boot.autoconfigure;

import io.realtimekit.Realtime;
import io.realtimekit.jakarta.RealtimeEndpointConfig;
import jakarta.servlet.ServletContext;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.web.context.ServletContextAware;

/**
 * Adds the {@code realtime-jakarta} endpoints to the servlet context's Jakarta WebSocket {@code
 * ServerContainer} once every singleton exists, the way Spring's {@code ServerEndpointExporter}
 * does (the embedded server has created its context, and has not opened its port yet), and answers
 * the lifecycle's {@link MountedEndpoints} calls for them.
 */
public final class ServletEndpointRegistrar
    implements ServletContextAware, SmartInitializingSingleton, MountedEndpoints {
  private static final Logger log = LoggerFactory.getLogger(ServletEndpointRegistrar.class);

  private final Realtime realtime;
  private final boolean socketIo;
  private final List<RealtimeEndpointConfig> endpoints = new ArrayList<>();
  private ServletContext servletContext;

  /**
   * Endpoints for {@code realtime}: the native one, and the Socket.IO one when {@code socketIo}.
   */
  public ServletEndpointRegistrar(Realtime realtime, boolean socketIo) {
    this.realtime = realtime;
    this.socketIo = socketIo;
  }

  @Override
  public void setServletContext(ServletContext servletContext) {
    this.servletContext = servletContext;
  }

  @Override
  public synchronized void afterSingletonsInstantiated() {
    if (servletContext == null) {
      throw new IllegalStateException("realtimekit: no servlet context to mount /realtime on");
    }
    Object container = servletContext.getAttribute(ServerContainer.class.getName());
    if (!(container instanceof ServerContainer serverContainer)) {
      throw new IllegalStateException(
          "realtimekit: the servlet container has no Jakarta WebSocket ServerContainer;"
              + " keep tomcat-embed-websocket (Tomcat) or jetty-ee*-websocket-jakarta-server (Jetty), which Spring Boot's"
              + " server starters bring");
    }
    endpoints.add(RealtimeEndpointConfig.create(realtime));
    if (socketIo) {
      endpoints.add(RealtimeEndpointConfig.socketIo(realtime));
    }
    for (RealtimeEndpointConfig endpoint : endpoints) {
      try {
        serverContainer.addEndpoint(endpoint.serverEndpointConfig());
      } catch (DeploymentException e) {
        throw new IllegalStateException("realtimekit: could not mount " + endpoint.path(), e);
      }
      log.info("realtime endpoint mounted at {}", endpoint.path());
    }
  }

  /** The paths mounted, in order. */
  public synchronized List<String> paths() {
    return endpoints.stream().map(RealtimeEndpointConfig::path).toList();
  }

  /** Sockets open through these endpoints. */
  public synchronized int openSessions() {
    return endpoints.stream().mapToInt(RealtimeEndpointConfig::openSessions).sum();
  }

  @Override
  public synchronized boolean closeAll(int code, String reason, Duration timeout) {
    boolean all = true;
    for (RealtimeEndpointConfig endpoint : endpoints) {
      all &= endpoint.closeAll(code, reason, timeout);
    }
    return all;
  }

  @Override
  public synchronized void close() {
    endpoints.forEach(RealtimeEndpointConfig::close);
  }
}
