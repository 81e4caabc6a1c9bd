package io.realtimekit.jetty;

import io.realtimekit.Realtime;
import io.realtimekit.testkit.RealtimeTransportConformance;
import io.realtimekit.testkit.RunningServer;

/**
 * The transport conformance suite on embedded Jetty 12. Every assertion lives in {@link
 * RealtimeTransportConformance}; this class only mounts the Realtime on Jetty.
 */
class JettyTransportConformanceTest extends RealtimeTransportConformance {
  @Override
  protected RunningServer start(Realtime realtime) throws Exception {
    RealtimeServer server = RealtimeJetty.builder(realtime).host("127.0.0.1").port(0).start();
    return RunningServer.of(server.uri(), server);
  }
}
