package io.realtimekit.redis;

import io.lettuce.core.RedisException;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.realtimekit.domain.NodeId;
import io.realtimekit.protocol.socketio.EngineIo;
import io.realtimekit.transport.socketio.ForwardedPoll;
import io.realtimekit.transport.socketio.PollForwarding;
import io.realtimekit.transport.socketio.PollResponder;
import io.realtimekit.transport.socketio.PollResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Engine.IO long-polling without sticky sessions, through Redis pub/sub: each node listens on its
 * own channel {@code <prefix>ch:poll:<node>}; a request for a session of node N (its sid starts
 * with N's id) is published on N's channel with the requesting node's id, served there by N's
 * Socket.IO transport (a poll waits for packets there), and the answer published back on the
 * requesting node's channel. No record per session: the owner is in the sid.
 *
 * <p>Bounds: at most {@value #MAX_PENDING} requests of this node wait for an answer (more are
 * answered as an unknown session); each waits at most the wait the transport gives (a poll: its
 * longest poll plus 1 s, under the adapters' request timeout); a request whose owner does not
 * listen (no subscriber: the node is gone) is answered at once. Forwarded requests are served on at
 * most {@value #WORKERS} threads with a queue of {@value #QUEUE} (over it, 503). Bodies are bounded
 * by the transport before they are published.
 *
 * <p>Message format (text, fields separated by {@code \n}, the body last and free): a request
 * {@code Q id from sid G|P clientAddress body}, an answer {@code R id status contentType body}.
 */
final class RedisPollForwarding implements PollForwarding, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RedisPollForwarding.class);
  static final int MAX_PENDING = 20_000;
  static final int WORKERS = 4;
  static final int QUEUE = 10_000;

  private final RedisAccess connection;
  private final StatefulRedisPubSubConnection<String, String> pubsub;
  private final String channelPrefix;
  private final String tag;
  private final Map<Long, CompletableFuture<Optional<PollResponse>>> pending =
      new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final ScheduledExecutorService timeouts;
  private final ThreadPoolExecutor workers;
  private volatile BiConsumer<ForwardedPoll, PollResponder> server;

  /**
   * @param connection for {@code PUBLISH}
   * @param pubsub a pub/sub connection of this forwarding alone (closed with it)
   * @param prefix the cluster's key prefix
   * @param node this node
   */
  RedisPollForwarding(
      RedisAccess connection,
      StatefulRedisPubSubConnection<String, String> pubsub,
      String prefix,
      NodeId node) {
    this.connection = connection;
    this.pubsub = pubsub;
    this.channelPrefix = prefix + "ch:poll:";
    this.tag = node.value();
    ScheduledThreadPoolExecutor timer =
        new ScheduledThreadPoolExecutor(1, r -> daemon(r, "realtime-poll-timeouts-"));
    timer.setRemoveOnCancelPolicy(true);
    this.timeouts = timer;
    this.workers =
        new ThreadPoolExecutor(
            WORKERS,
            WORKERS,
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(QUEUE),
            r -> daemon(r, "realtime-poll-forwarded-"));
    workers.allowCoreThreadTimeOut(true);
    pubsub.addListener(
        new RedisPubSubAdapter<>() {
          @Override
          public void message(String channel, String message) {
            received(message);
          }
        });
    pubsub.sync().subscribe(channelPrefix + tag); // Lettuce subscribes again after a reconnect
  }

  private Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name + tag);
    t.setDaemon(true);
    return t;
  }

  @Override
  public String nodeTag() {
    return tag;
  }

  @Override
  public void serve(BiConsumer<ForwardedPoll, PollResponder> server) {
    this.server = server;
  }

  @Override
  public CompletionStage<Optional<PollResponse>> forward(
      String owner, ForwardedPoll poll, Duration wait) {
    CompletableFuture<Optional<PollResponse>> answer = new CompletableFuture<>();
    if (pending.size() >= MAX_PENDING) {
      log.warn("{} forwarded polls wait already: one more refused", MAX_PENDING);
      answer.complete(Optional.empty());
      return answer;
    }
    if (poll.sid().indexOf('\n') >= 0 || poll.clientAddress().indexOf('\n') >= 0) {
      answer.complete(Optional.empty()); // never a field of its own in the message
      return answer;
    }
    long id = ids.incrementAndGet();
    pending.put(id, answer);
    ScheduledFuture<?> timeout =
        timeouts.schedule(
            () -> answer.complete(Optional.empty()), wait.toMillis(), TimeUnit.MILLISECONDS);
    answer.whenComplete(
        (r, e) -> {
          pending.remove(id);
          timeout.cancel(false);
        });
    String message =
        String.join(
            "\n",
            "Q",
            Long.toString(id),
            tag,
            poll.sid(),
            poll.post() ? "P" : "G",
            poll.clientAddress(),
            poll.body());
    try {
      connection
          .async()
          .publish(channelPrefix + owner, message)
          .whenComplete(
              (receivers, error) -> {
                if (error != null || receivers == null || receivers == 0) {
                  answer.complete(Optional.empty()); // Redis or the owner is gone
                }
              });
    } catch (RedisException e) {
      answer.complete(Optional.empty());
    }
    return answer;
  }

  private void received(String message) {
    String[] f = message.split("\n", message.startsWith("Q") ? 7 : 5);
    try {
      if (f[0].equals("Q") && f.length == 7) {
        request(Long.parseLong(f[1]), f[2], new ForwardedPoll(f[3], f[4].equals("P"), f[5], f[6]));
      } else if (f[0].equals("R") && f.length == 5) {
        CompletableFuture<Optional<PollResponse>> answer = pending.get(Long.parseLong(f[1]));
        if (answer != null) {
          answer.complete(Optional.of(new PollResponse(Integer.parseInt(f[2]), f[3], f[4])));
        }
      } else {
        log.warn("a malformed poll forwarding message was ignored");
      }
    } catch (NumberFormatException e) {
      log.warn("a malformed poll forwarding message was ignored");
    }
  }

  /** A request of node {@code from}: served on a worker, its answer published back. */
  private void request(long id, String from, ForwardedPoll poll) {
    PollResponder reply =
        r ->
            publishQuietly(
                channelPrefix + from,
                String.join(
                    "\n",
                    "R",
                    Long.toString(id),
                    Integer.toString(r.status()),
                    r.contentType(),
                    r.body()));
    BiConsumer<ForwardedPoll, PollResponder> s = server;
    try {
      workers.execute(
          () -> {
            if (s == null) {
              reply.respond(
                  new PollResponse(
                      400, "application/json", EngineIo.error(1, "Session ID unknown")));
            } else {
              s.accept(poll, reply);
            }
          });
    } catch (RejectedExecutionException e) {
      reply.respond(new PollResponse(503, "application/json", EngineIo.error(3, "Server busy")));
    }
  }

  private void publishQuietly(String channel, String message) {
    try {
      connection
          .async()
          .publish(channel, message)
          .whenComplete(
              (n, error) -> {
                if (error != null) {
                  log.debug("a forwarded poll's answer was lost: {}", error.toString());
                }
              });
    } catch (RedisException e) {
      log.debug("a forwarded poll's answer was lost: {}", e.toString());
    }
  }

  /** Number of this node's forwarded requests waiting for an answer (for tests). */
  int pending() {
    return pending.size();
  }

  /** Answers every waiting request as unknown and releases the threads and the connection. */
  @Override
  public void close() {
    pending.values().forEach(a -> a.complete(Optional.empty()));
    timeouts.shutdownNow();
    workers.shutdownNow();
    pubsub.close();
  }
}
