package io.realtimekit.testkit.contract;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs test classes with the JUnit Platform launcher found by its own class loader, the way a build
 * tool would. {@link JUnitVersionsCompatibilityTest} loads it in a class loader holding one JUnit
 * version's jars and the kit, and calls {@link #run} by reflection; the result holds only JDK types
 * so it crosses class loaders.
 */
public final class LauncherProbe {
  private LauncherProbe() {}

  /**
   * Runs {@code selections} and summarises.
   *
   * @param selections test classes ({@code com.example.FooTest}) or methods ({@code
   *     com.example.FooTest#bar})
   * @param parameters launcher configuration parameters
   * @return {@code jupiterVersion} (of the Jupiter API actually loaded), {@code found}, {@code
   *     succeeded}, {@code failed}, {@code skipped} (Longs) and {@code failures} (a List of "test:
   *     exception" strings)
   */
  public static Map<String, Object> run(List<String> selections, Map<String, String> parameters) {
    LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request();
    for (String name : selections) {
      request.selectors(
          name.contains("#")
              ? DiscoverySelectors.selectMethod(name)
              : DiscoverySelectors.selectClass(name));
    }
    request.configurationParameters(parameters);
    LauncherDiscoveryRequest discovery = request.build();
    Launcher launcher = LauncherFactory.create();
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    launcher.execute(discovery, listener);
    TestExecutionSummary summary = listener.getSummary();

    List<String> failures = new ArrayList<>();
    for (TestExecutionSummary.Failure f : summary.getFailures()) {
      failures.add(f.getTestIdentifier().getDisplayName() + ": " + f.getException());
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put(
        "jupiterVersion", String.valueOf(Test.class.getPackage().getImplementationVersion()));
    result.put("found", summary.getTestsFoundCount());
    result.put("succeeded", summary.getTestsSucceededCount());
    result.put("failed", summary.getTestsFailedCount());
    result.put("skipped", summary.getTestsSkippedCount());
    result.put("failures", failures);
    return result;
  }
}
