package io.realtimekit.bench.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * What the README runs is what the bench measures: the README's first command and its benchmark
 * section start the example jar with exactly the JVM options the bench gives it.
 */
class ExampleCommandTest {
  @Test
  void theReadmeRunsTheExampleAsTheBenchDoes() throws IOException {
    Path readme = Path.of("README.md");
    if (!Files.isRegularFile(readme)) {
      readme = Path.of("..", "README.md"); // surefire runs in the module's directory
    }
    String text = Files.readString(readme);
    assertThat(ShippedServers.EXAMPLE_COMMAND)
        .startsWith("java -")
        .endsWith(" -jar examples/target/realtime-example.jar");
    assertThat(text).contains("-DskipTests package && " + ShippedServers.EXAMPLE_COMMAND);
    assertThat(
            text.split(java.util.regex.Pattern.quote(ShippedServers.EXAMPLE_COMMAND), -1).length
                - 1)
        .as("the README's run command and its benchmark section")
        .isGreaterThanOrEqualTo(2);
  }
}
