/**
 * Contract suites for the core's SPIs: abstract JUnit Jupiter test classes that a host
 * application's own implementation extends, in its test sources. Each says what it needs in one
 * abstract method ({@code newRepository()}) and holds every assertion; the in-memory adapters and
 * the Redis ones pass the same suites.
 *
 * <ul>
 *   <li>{@link io.realtimekit.testkit.contract.ConnectionRepositoryContract} for a {@link
 *       io.realtimekit.domain.ConnectionRepository};
 *   <li>{@link io.realtimekit.testkit.contract.SalesFloorRepositoryContract} for a {@link
 *       io.realtimekit.domain.assignment.SalesFloorRepository}.
 * </ul>
 *
 * <pre>{@code
 * class PostgresConnectionRepositoryTest extends ConnectionRepositoryContract {
 *   @Override protected ConnectionRepository newRepository() { return new PostgresConnectionRepository(dataSource); }
 * }
 * }</pre>
 *
 * <p>The suites use AssertJ (a dependency of the kit) and the JUnit Jupiter API, which the project
 * supplies: they are compiled against Jupiter 5.10 and run under JUnit 5.10 or later and JUnit 6. A
 * new suite for an SPI of the core goes here, in the main sources of the kit (not in the core's
 * tests: the kit depends on the core), and the run against the core's in-memory adapter goes in the
 * kit's own tests ({@code InMemory...ContractTest}).
 */
package io.realtimekit.testkit.contract;
