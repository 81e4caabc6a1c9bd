package io.realtimekit.bench.load;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A lean {@link WsClient} on plain {@code java.nio}, so that the load generator costs less than the
 * server it measures: a few selector threads (named {@code nio-ws-N-i}), each owning its sockets,
 * RFC 6455 client side over {@code ws://} only (no TLS, no extensions). Handlers run on the
 * selector threads; {@link Ws#send} never blocks, and frames queued together go out in one write.
 * With {@code sources} &gt; 1, socket {@code i} binds to {@code 127.0.0.(1 + i % sources)} before
 * connecting, to pass the 64k-port limit of one loopback address.
 */
public final class NioWsClient implements WsClient {
  private static final AtomicInteger CLIENTS = new AtomicInteger();

  private final NioLoop[] loops;
  private final InetAddress[] sources;
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicBoolean closed = new AtomicBoolean();

  /** One selector thread; {@code sources} loopback source addresses (1: let the system choose). */
  public NioWsClient(int sources) {
    this(sources, 1);
  }

  /** {@code threads} selector threads; sockets are dealt to them in turn. */
  public NioWsClient(int sources, int threads) {
    this(loopbackSources(sources, threads), threads);
  }

  /**
   * {@code threads} selector threads; socket {@code i} binds to {@code sources[i % n]} before
   * connecting (none: the system chooses), e.g. one load-generator process on {@code 127.0.0.2} and
   * another on {@code 127.0.0.3}, so that their ephemeral ports never compete.
   */
  public NioWsClient(List<InetAddress> sources, int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1");
    }
    this.sources = sources.toArray(new InetAddress[0]);
    int id = CLIENTS.incrementAndGet();
    this.loops = new NioLoop[threads];
    for (int i = 0; i < threads; i++) {
      loops[i] = new NioLoop("nio-ws-" + id + "-" + i);
      loops[i].start();
    }
  }

  private static List<InetAddress> loopbackSources(int sources, int threads) {
    if (sources < 1 || sources > 254 || threads < 1) {
      throw new IllegalArgumentException("sources must be 1..254 and threads at least 1");
    }
    List<InetAddress> list = new ArrayList<>();
    for (int i = 0; sources > 1 && i < sources; i++) {
      try {
        list.add(InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (i + 1)}));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return list;
  }

  @Override
  public CompletableFuture<Ws> connect(URI uri, Ws.Handler handler) {
    if (closed.get()) {
      return CompletableFuture.failedFuture(new IllegalStateException("client closed"));
    }
    if (!"ws".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
      return CompletableFuture.failedFuture(
          new IllegalArgumentException("ws://host[:port]/path only: " + uri));
    }
    int i = next.getAndIncrement();
    NioLoop loop = loops[Math.floorMod(i, loops.length)];
    SocketChannel channel = null;
    try {
      InetSocketAddress remote =
          new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 80 : uri.getPort());
      if (remote.isUnresolved()) {
        throw new IOException("cannot resolve " + uri.getHost());
      }
      WsHandshake handshake = new WsHandshake(uri);
      channel = SocketChannel.open();
      channel.configureBlocking(false);
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      if (sources.length > 0) {
        channel.bind(new InetSocketAddress(sources[Math.floorMod(i, sources.length)], 0));
      }
      boolean connected = channel.connect(remote);
      NioSocket socket = new NioSocket(loop, channel, connected, handshake, handler);
      loop.register(socket);
      return socket.opened;
    } catch (IOException | RuntimeException e) {
      if (channel != null) {
        try {
          channel.close();
        } catch (IOException ignored) {
          // failing anyway
        }
      }
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Stops the selector threads, closing every socket; returns once they have exited. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    for (NioLoop loop : loops) {
      loop.stop();
    }
    try {
      for (NioLoop loop : loops) {
        loop.join(10_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
