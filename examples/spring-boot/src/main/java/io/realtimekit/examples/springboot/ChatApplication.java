package io.realtimekit.examples.springboot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * An example Spring Boot application with realtimekit: the starter serves {@code /realtime} and
 * {@code /socket.io/} on the application's own Tomcat (or Jetty), with the settings of {@code
 * application.yml}; {@link PresenceLog} listens to domain events, {@link OpenChatHandler} handles a
 * client event of its own, Actuator reports the {@code realtime} health and meters.
 *
 * <p>Run it with {@code REALTIME_JWT_SECRET} set (at least 32 bytes): {@code mvn -B -q -pl
 * examples/spring-boot -am package -DskipTests}, then {@code java -jar
 * examples/spring-boot/target/realtime-spring-boot-example.jar}.
 */
@SpringBootApplication
public class ChatApplication {

  /** Starts the application. */
  public static void main(String[] args) {
    SpringApplication.run(ChatApplication.class, args);
  }
}
