/**
 * The realtimekit test kit, for test scope: {@link io.realtimekit.testkit.RealtimeTestClient} (a
 * native-protocol client on Tyrus), {@link io.realtimekit.testkit.TestTokens}, {@link
 * io.realtimekit.testkit.TestServer} (an in-process {@link io.realtimekit.Realtime} on a server
 * started by a function you give) and {@link io.realtimekit.testkit.RealtimeTransportConformance},
 * the suite every container adapter runs against itself. The SPI contract suites are in {@link
 * io.realtimekit.testkit.contract}.
 *
 * <p>The kit brings AssertJ and the Tyrus client; JUnit Jupiter comes from your project (5.10 or
 * later, or 6): the kit declares it {@code provided} and never pins a version.
 *
 * <p>The kit depends on no server adapter: an adapter's own tests extend the conformance suite and
 * say how to mount a {@code Realtime} on their container ({@link
 * io.realtimekit.testkit.RunningServer}). That keeps the kit usable by every adapter without a
 * dependency cycle.
 */
package io.realtimekit.testkit;
