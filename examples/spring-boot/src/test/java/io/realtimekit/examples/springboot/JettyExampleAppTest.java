package io.realtimekit.examples.springboot;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * The example on Jetty: the same Jakarta endpoint on Jetty's own Jakarta WebSocket server. Runs in
 * a surefire execution of its own whose classpath has Jetty and no Tomcat (see the pom), as an
 * application that swapped {@code spring-boot-starter-tomcat} for {@code
 * spring-boot-starter-jetty}.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "realtime.jwt.secret=" + ExampleAppScenarios.SECRET)
class JettyExampleAppTest extends ExampleAppScenarios {
  @Override
  String expectedServer() {
    return "Jetty";
  }
}
