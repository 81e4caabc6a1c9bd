package io.realtimekit.examples.springboot;

/**
 * {@link GracefulShutdownTest} on Jetty (run by the pom's Jetty surefire execution, without
 * Tomcat).
 */
class JettyGracefulShutdownTest extends GracefulShutdownTest {
  @Override
  String expectedServer() {
    return "Jetty";
  }
}
