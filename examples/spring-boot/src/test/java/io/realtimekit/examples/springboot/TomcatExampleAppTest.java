package io.realtimekit.examples.springboot;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * The example on Spring Boot's default server, Tomcat (the Jakarta endpoint in Tomcat's container).
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "realtime.jwt.secret=" + ExampleAppScenarios.SECRET)
class TomcatExampleAppTest extends ExampleAppScenarios {
  @Override
  String expectedServer() {
    return "Tomcat";
  }
}
