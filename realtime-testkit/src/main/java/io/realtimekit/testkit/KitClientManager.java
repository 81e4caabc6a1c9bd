package io.realtimekit.testkit;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.glassfish.tyrus.client.ClientManager;

/**
 * The Tyrus client container of one {@link RealtimeTestClient}: a {@link ClientManager} whose
 * executors belong to the kit, so Tyrus never shuts them down under a session still in use.
 *
 * <p>Why (Tyrus 2.1.5): {@code BaseContainer} creates its executors lazily and {@code
 * ClientManager}'s {@code ClientActivityListener.onConnectionTerminated}, run by the close of its
 * last connection, stops them ({@code BaseContainer.shutdown()}: {@code shutdownNow} on the
 * scheduled one). Each {@code TyrusSession} captured that scheduled executor when it was created,
 * and {@code TyrusRemoteEndpoint.Basic.sendText} calls {@code
 * TyrusSession.restartIdleTimeoutExecutor()} in a {@code finally} after every write. When the
 * server closes the socket as soon as it reads a frame (4401, 4429...), Tyrus's reading thread can
 * handle that close before the sending thread leaves {@code sendText}: the frame was sent, yet the
 * send throws {@code RejectedExecutionException}. Sharing one {@code ClientManager} would not help
 * (the same happens when the closed socket is the last one, see eclipse-ee4j/tyrus#640).
 *
 * <p>Both executor getters are overridden, so {@code BaseContainer} never creates executors of its
 * own and its shutdown finds nothing to stop. The kit's executors run until {@link #release()},
 * which {@link RealtimeTestClient#close()} calls after closing the session; after it, the scheduled
 * one drops new tasks instead of rejecting them (Tyrus schedules only idle-timeout, heartbeat and
 * reconnect tasks there, all moot for a closed client). Their threads are daemon threads named
 * {@code testkit-tyrus-client-...}: they end at {@link #release()}, and an idle one ends by itself
 * after a second.
 */
final class KitClientManager extends ClientManager {
  private static final long IDLE_THREAD_SECONDS = 1;

  private final ScheduledThreadPoolExecutor timer;
  private final ThreadPoolExecutor workers;

  KitClientManager() {
    String name = "testkit-tyrus-client-" + Integer.toHexString(System.identityHashCode(this));
    timer =
        new ScheduledThreadPoolExecutor(
            1, daemon(name + "-timer"), new ThreadPoolExecutor.DiscardPolicy());
    timer.setKeepAliveTime(IDLE_THREAD_SECONDS, TimeUnit.SECONDS);
    timer.allowCoreThreadTimeOut(true); // a worker stays while a delayed task is queued
    timer.setRemoveOnCancelPolicy(true);
    // Tyrus uses it for streamed (Reader/InputStream) messages and asynchronous connects only
    workers =
        new ThreadPoolExecutor(
            0,
            Integer.MAX_VALUE,
            IDLE_THREAD_SECONDS,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            daemon(name + "-worker"));
  }

  @Override
  public ScheduledExecutorService getScheduledExecutorService() {
    return timer;
  }

  @Override
  public ExecutorService getExecutorService() {
    return workers;
  }

  /** Stops the kit's executors and their threads. Idempotent. */
  void release() {
    timer.shutdownNow();
    workers.shutdownNow();
  }

  private static ThreadFactory daemon(String name) {
    return task -> {
      Thread t = new Thread(task, name);
      t.setDaemon(true);
      return t;
    };
  }
}
