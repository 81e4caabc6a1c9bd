package io.realtimekit;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The architecture of the core as rules that can fail. Each rule is defined once, for a root
 * package, and applied both to the production classes ({@code io.realtimekit}) and to a fixture
 * ({@code io.realtimekit.archfixture}) that breaks it on purpose: a rule that does not catch its
 * planted violation is broken, not satisfied.
 */
class ArchitectureTest {
  static final String ROOT = "io.realtimekit";
  static final String FIXTURE_ROOT = "io.realtimekit.archfixture";

  /** Containers, WebSocket APIs and Redis clients: adapters' business, never the core's. */
  static final String[] CONTAINER_AND_REDIS_PACKAGES = {
    "jakarta..",
    "javax.servlet..",
    "org.eclipse.jetty..",
    "org.glassfish..",
    "io.lettuce..",
    "redis..",
    "org.apache.tomcat..",
    "io.netty.."
  };

  /** The core never depends on a container, a WebSocket API or a Redis client. */
  static ArchRule coreIsFreeOfContainersAndRedis(String root) {
    return noClasses()
        .that()
        .resideInAPackage(root + "..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(CONTAINER_AND_REDIS_PACKAGES)
        .because("the core is embeddable: containers and Redis live in adapter modules");
  }

  /** The domain depends on nothing but {@code java.*} and itself. */
  static ArchRule domainIsPure(String root) {
    String domain = root + ".domain..";
    return noClasses()
        .that()
        .resideInAPackage(domain)
        .should()
        .dependOnClassesThat(not(resideInAnyPackage("java..", domain)))
        .because("the domain is plain Java: no layer above it, no library");
  }

  /** The wire protocol knows nothing of the application layer. */
  static ArchRule protocolIsFreeOfApplication(String root) {
    return noClasses()
        .that()
        .resideInAPackage(root + ".protocol..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(root + ".application..")
        .because("codecs turn frames into values; the transport hands them to the application");
  }

  /** The transport reaches the application through ports, never an infrastructure class. */
  static ArchRule transportIsFreeOfInfrastructure(String root) {
    return noClasses()
        .that()
        .resideInAPackage(root + ".transport..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(root + ".infrastructure..")
        .because(
            "the sessions see the channel registry port; the assembly picks the implementation");
  }

  /** The names of the feature packages of the application layer. */
  static final String FEATURES = "(connection|chat|presence|notification|assignment)";

  /**
   * The wiring is not public: a feature's handlers, announcers, services, queries and client events
   * are reached through its one entry point ({@code XxxFeature}); the assembly of the facade and
   * the transport's internals stay in their packages. (The core has no {@code internal} package:
   * this is its form of "no public type in an internal package".)
   */
  static ArchRule wiringIsNotPublic(String root) {
    String r = root.replace(".", "\\.");
    return noClasses()
        .that()
        .areNotInterfaces()
        .and()
        .haveNameMatching(
            r
                + "\\.application\\."
                + FEATURES
                + "\\.\\w*(Handler|Handlers|Announcer|ClientEvents|Service|Queries)"
                + "|"
                + r
                + "\\.RealtimeAssembly"
                + "|"
                + r
                + "\\.transport\\.(ClientSession|EventContext|OutboundQueue|TokenBucket|SerialExecutor"
                + "|SequentialSend|CloseReasonCodes)")
        .should()
        .bePublic()
        .because("only each feature's entry point, the facade and the SPIs are API")
        .allowEmptyShould(true);
  }

  /**
   * The application layer sees ports, never the transport, the wire protocol or the adapters. The
   * one exception is {@code protocol.json}, the JSON text helpers (a pre-written payload and string
   * quoting) that hot paths of the application use to write small payloads by hand.
   */
  static ArchRule applicationIsFreeOfAdapters(String root) {
    return noClasses()
        .that()
        .resideInAPackage(root + ".application..")
        .should()
        .dependOnClassesThat(
            resideInAnyPackage(
                    root + ".transport..", root + ".protocol..", root + ".infrastructure..")
                .and(not(resideInAPackage(root + ".protocol.json.."))))
        .because("the application layer talks to the outside through its ports");
  }

  static final ArchRule CORE_FREE_OF_CONTAINERS = coreIsFreeOfContainersAndRedis(ROOT);
  static final ArchRule DOMAIN_IS_PURE = domainIsPure(ROOT);
  static final ArchRule APPLICATION_FREE_OF_ADAPTERS = applicationIsFreeOfAdapters(ROOT);
  static final ArchRule PROTOCOL_FREE_OF_APPLICATION = protocolIsFreeOfApplication(ROOT);
  static final ArchRule TRANSPORT_FREE_OF_INFRASTRUCTURE = transportIsFreeOfInfrastructure(ROOT);
  static final ArchRule WIRING_NOT_PUBLIC = wiringIsNotPublic(ROOT);

  static JavaClasses production;
  static JavaClasses fixture;

  @BeforeAll
  static void importClasses() {
    production =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);
    fixture = new ClassFileImporter().importPackages(FIXTURE_ROOT);
  }

  @Test
  void productionImportHoldsTheCoreAndNoTestClass() {
    assertThat(production.contain(Realtime.class)).isTrue();
    assertThat(production.stream().map(c -> c.getPackageName()))
        .contains(ROOT + ".domain", ROOT + ".application", ROOT + ".transport")
        .noneMatch(p -> p.startsWith(FIXTURE_ROOT));
    assertThat(production.contain(ArchitectureTest.class)).isFalse();
  }

  @Test
  void coreIsFreeOfContainersAndRedis() {
    CORE_FREE_OF_CONTAINERS.check(production);
  }

  @Test
  void domainIsPure() {
    DOMAIN_IS_PURE.check(production);
  }

  @Test
  void applicationIsFreeOfAdapters() {
    APPLICATION_FREE_OF_ADAPTERS.check(production);
  }

  @Test
  void protocolIsFreeOfApplication() {
    PROTOCOL_FREE_OF_APPLICATION.check(production);
  }

  @Test
  void transportIsFreeOfInfrastructure() {
    TRANSPORT_FREE_OF_INFRASTRUCTURE.check(production);
  }

  @Test
  void wiringIsNotPublic() {
    WIRING_NOT_PUBLIC.check(production);
  }

  @Test
  void theWiringRuleSeesTheProductionWiringClasses() {
    // the rule matches classes by name: prove the names still designate real classes
    assertThat(production.stream().map(c -> c.getName()))
        .contains(
            ROOT + ".RealtimeAssembly",
            ROOT + ".application.chat.ChatHandler",
            ROOT + ".application.assignment.AssignmentService",
            ROOT + ".transport.OutboundQueue");
  }

  @Test
  void theDomainRuleCatchesAPlantedSerialisationTypeALoggerAndAPlantedLayerCrossing() {
    EvaluationResult result = domainIsPure(FIXTURE_ROOT).evaluate(fixture);

    assertThat(result.hasViolation()).isTrue();
    assertThat(report(result))
        .anyMatch(
            v ->
                v.contains("JsonLeakingValue")
                    && v.contains("com.fasterxml.jackson.databind.JsonNode"))
        .anyMatch(v -> v.contains("LoggingValue") && v.contains("org.slf4j.LoggerFactory"))
        .anyMatch(v -> v.contains("LayerCrossingAggregate") && v.contains("TransportAwareHandler"))
        .noneMatch(v -> v.contains("CleanValue"));
  }

  @Test
  void theProtocolRuleCatchesAPlantedApplicationDependency() {
    EvaluationResult result = protocolIsFreeOfApplication(FIXTURE_ROOT).evaluate(fixture);

    assertThat(result.hasViolation()).isTrue();
    assertThat(report(result))
        .isNotEmpty()
        .allMatch(
            v ->
                v.contains("ApplicationAwareCodec")
                    && v.contains(FIXTURE_ROOT + ".application.FixtureCommand"));
  }

  @Test
  void theTransportRuleCatchesAPlantedInfrastructureDependency() {
    EvaluationResult result = transportIsFreeOfInfrastructure(FIXTURE_ROOT).evaluate(fixture);

    assertThat(result.hasViolation()).isTrue();
    assertThat(report(result))
        .isNotEmpty()
        .allMatch(
            v ->
                v.contains("StoreBackedSocket")
                    && v.contains(FIXTURE_ROOT + ".infrastructure.FixtureStore"));
  }

  @Test
  void theWiringRuleCatchesAPlantedPublicHandlerAndLetsThePackagePrivateOneThrough() {
    EvaluationResult result = wiringIsNotPublic(FIXTURE_ROOT).evaluate(fixture);

    assertThat(result.hasViolation()).isTrue();
    assertThat(report(result))
        .isNotEmpty()
        .allMatch(v -> v.contains("PublicChatHandler"))
        .noneMatch(v -> v.contains("HiddenChatHandler"));
  }

  @Test
  void theApplicationRuleCatchesPlantedUsesOfTransportProtocolAndInfrastructure() {
    EvaluationResult result = applicationIsFreeOfAdapters(FIXTURE_ROOT).evaluate(fixture);

    assertThat(result.hasViolation()).isTrue();
    assertThat(report(result))
        .allMatch(v -> v.contains("TransportAwareHandler"))
        .anyMatch(v -> v.contains(FIXTURE_ROOT + ".transport.FixtureSocket"))
        .anyMatch(v -> v.contains(FIXTURE_ROOT + ".protocol.FixtureCodec"))
        .anyMatch(v -> v.contains(FIXTURE_ROOT + ".infrastructure.FixtureStore"));
  }

  /**
   * No container API is on the test classpath (which is the point), so the planted violation is
   * compiled here, against a stub {@code jakarta.websocket.Session} that never leaves a temporary
   * directory: a stub in the test sources would ship in the published test jar.
   */
  @Test
  void theContainerRuleCatchesAPlantedJakartaDependency(@TempDir Path dir) throws Exception {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertThat(javac).as("tests run on a JDK").isNotNull();
    Path stub =
        write(
            dir,
            "jakarta/websocket/Session.java",
            "package jakarta.websocket; public interface Session { void close(); }");
    Path planted =
        write(
            dir,
            "io/realtimekit/archfixture/container/SessionHolder.java",
            "package io.realtimekit.archfixture.container;"
                + " public final class SessionHolder { jakarta.websocket.Session session;"
                + " void close() { session.close(); } }");
    Path out = Files.createDirectories(dir.resolve("classes"));
    int status =
        javac.run(null, null, null, "-d", out.toString(), stub.toString(), planted.toString());
    assertThat(status).as("fixture compiled").isZero();
    JavaClasses compiled = new ClassFileImporter().importPath(out);

    EvaluationResult result = coreIsFreeOfContainersAndRedis(FIXTURE_ROOT).evaluate(compiled);

    assertThat(result.hasViolation()).isTrue();
    assertThat(report(result))
        .isNotEmpty()
        .allMatch(v -> v.contains("SessionHolder") && v.contains("jakarta.websocket.Session"));
  }

  @Test
  void theContainerRuleLetsTheCleanFixtureThrough() {
    assertThat(coreIsFreeOfContainersAndRedis(FIXTURE_ROOT).evaluate(fixture).hasViolation())
        .isFalse();
  }

  private static List<String> report(EvaluationResult result) {
    return result.getFailureReport().getDetails();
  }

  private static Path write(Path dir, String relative, String source) throws Exception {
    Path file = dir.resolve(relative);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, source, StandardCharsets.UTF_8);
  }
}
