package io.realtimekit.bench.run;

import io.realtimekit.bench.load.WsClient;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** Connects and authenticates many peers with a bounded number of handshakes in flight. */
final class Fleet {
  private Fleet() {}

  /**
   * Connects every peer; returns the nanoseconds from the first handshake to the last {@code
   * connected}.
   */
  static long connectAll(WsClient client, URI uri, List<Peer> peers, int concurrency)
      throws Exception {
    Semaphore window = new Semaphore(concurrency);
    long start = System.nanoTime();
    for (Peer p : peers) {
      if (!window.tryAcquire(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("connects stalled");
      }
      p.connected.whenComplete((x, e) -> window.release());
      client
          .connect(uri, p)
          .whenComplete(
              (ws, e) -> {
                if (e != null) {
                  p.connected.completeExceptionally(e);
                } else {
                  p.ws = ws;
                  p.onOpen(ws);
                }
              });
    }
    CompletableFuture.allOf(peers.stream().map(p -> p.connected).toArray(CompletableFuture[]::new))
        .get(120, TimeUnit.SECONDS);
    return System.nanoTime() - start;
  }

  static void closeAll(List<Peer> peers) throws InterruptedException {
    for (Peer p : peers) {
      if (p.ws != null) {
        p.ws.close();
      }
    }
    Thread.sleep(Math.min(3000, 200 + peers.size() / 10));
  }
}
