package io.realtimekit.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The contract suites work under every JUnit the kit supports, as a user's build would run them:
 * for each version of {@code junit.compat.versions} (the Maven build copies each version's jars to
 * a folder of its own), a class loader holds that JUnit, the kit's classes (compiled against the
 * baseline Jupiter API), the core and AssertJ, and nothing of the JUnit that runs this test; the
 * JUnit Platform launcher found there runs the in-memory contract runs. Every test of the suites
 * must be found and pass, and a planted failure must be reported.
 */
class JUnitVersionsCompatibilityTest {

  /** The suites and their in-memory runs; every test they declare is expected to run. */
  private static final List<Class<?>> CONTRACT_RUNS =
      List.of(
          InMemoryConnectionRepositoryContractTest.class,
          InMemorySalesFloorRepositoryContractTest.class);

  /** What the kit needs besides JUnit, located from this test's own class path. */
  private static final List<String> KIT_CLASSES =
      List.of(
          "io.realtimekit.domain.ConnectionRepository", // realtime-core
          "io.realtimekit.testkit.contract.ConnectionRepositoryContract", // the kit's main classes
          "io.realtimekit.testkit.contract.LauncherProbe", // the kit's test classes
          "org.assertj.core.api.Assertions",
          "net.bytebuddy.ByteBuddy", // AssertJ's dependency
          "org.slf4j.Logger",
          "com.fasterxml.jackson.databind.ObjectMapper",
          "com.fasterxml.jackson.core.JsonFactory",
          "com.fasterxml.jackson.annotation.JsonProperty",
          "com.nimbusds.jwt.JWT");

  @TestFactory
  Stream<DynamicTest> contractSuitesRunUnderEverySupportedJUnit() {
    List<String> versions = Arrays.asList(property("realtimekit.junitCompat.versions").split(","));
    assertThat(versions).anyMatch(v -> v.startsWith("5.")).anyMatch(v -> v.startsWith("6."));
    return versions.stream()
        .map(String::trim)
        .map(v -> DynamicTest.dynamicTest("JUnit " + v, () -> runSuitesUnder(v)));
  }

  private static void runSuitesUnder(String version) throws Exception {
    Path jars = Path.of(property("realtimekit.junitCompat.dir"), version);
    List<URL> urls = new ArrayList<>();
    try (Stream<Path> files = Files.list(jars)) {
      files.filter(f -> f.toString().endsWith(".jar")).sorted().forEach(f -> urls.add(url(f)));
    }
    assertThat(urls).as("JUnit %s jars in %s", version, jars).hasSizeGreaterThanOrEqualTo(7);
    for (String name : KIT_CLASSES) {
      URL location = codeSource(name);
      assertThat(location.toString()).as("%s comes with no JUnit", name).doesNotContain("junit");
      if (!urls.contains(location)) {
        urls.add(location);
      }
    }

    List<String> runs = CONTRACT_RUNS.stream().map(Class::getName).toList();
    Map<String, Object> passing = runIsolated(urls, runs, Map.of());
    assertThat(passing.get("jupiterVersion"))
        .as("the Jupiter API actually loaded")
        .isEqualTo(version);
    assertThat(passing.get("failures")).as("failures under JUnit %s", version).isEqualTo(List.of());
    assertThat(passing.get("found")).isEqualTo(expectedTestCount());
    assertThat(passing.get("succeeded")).isEqualTo(expectedTestCount());

    Map<String, Object> planted =
        runIsolated(
            urls,
            List.of(
                ForgetfulRepositoryContractRun.class.getName() + "#removeClearsEveryIndex",
                ForgetfulRepositoryContractRun.class.getName() + "#savedUserIsFoundByUserId"),
            Map.of(ForgetfulRepositoryContractRun.SWITCH, "true"));
    assertThat(planted.get("found")).isEqualTo(2L);
    assertThat(planted.get("succeeded")).as("the test the bug does not touch passes").isEqualTo(1L);
    assertThat(planted.get("failed")).as("a repository that never removes fails").isEqualTo(1L);
    assertThat(planted.get("failures").toString()).contains("removeClearsEveryIndex");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> runIsolated(
      List<URL> urls, List<String> selections, Map<String, String> parameters) throws Exception {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    // the platform loader as parent: only the JDK is shared with this test's class path
    try (URLClassLoader loader =
        new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
      thread.setContextClassLoader(loader); // the launcher finds its engines through it
      Class<?> probe = Class.forName(LauncherProbe.class.getName(), true, loader);
      assertThat(probe).isNotSameAs(LauncherProbe.class);
      Method run = probe.getMethod("run", List.class, Map.class);
      return (Map<String, Object>) run.invoke(null, selections, parameters);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  /** Every {@code @Test} method the contract runs inherit or declare. */
  private static long expectedTestCount() {
    long count = 0;
    for (Class<?> run : CONTRACT_RUNS) {
      for (Class<?> c = run; c != Object.class; c = c.getSuperclass()) {
        count +=
            Arrays.stream(c.getDeclaredMethods())
                .filter(m -> m.isAnnotationPresent(Test.class))
                .count();
      }
    }
    assertThat(count).isGreaterThan(20);
    return count;
  }

  private static URL codeSource(String className) {
    try {
      return Class.forName(className, false, JUnitVersionsCompatibilityTest.class.getClassLoader())
          .getProtectionDomain()
          .getCodeSource()
          .getLocation();
    } catch (ClassNotFoundException e) {
      throw new AssertionError(className + " is not on the test class path", e);
    }
  }

  private static URL url(Path file) {
    try {
      return file.toUri().toURL();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static String property(String name) {
    String value = System.getProperty(name);
    assertThat(value).as("system property %s (set by the Maven build)", name).isNotBlank();
    return value;
  }
}
