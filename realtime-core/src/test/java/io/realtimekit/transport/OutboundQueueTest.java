package io.realtimekit.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.realtimekit.protocol.CloseCodes;
import io.realtimekit.transport.OutboundQueue.Offer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The bounded outbound queue against a socket that completes writes inline, later, or never. */
class OutboundQueueTest {
  static final Duration WAIT = Duration.ofSeconds(20);

  final List<ExecutorService> executors = new ArrayList<>();

  @AfterEach
  void shutDownExecutors() throws InterruptedException {
    for (ExecutorService e : executors) {
      e.shutdownNow();
      assertThat(e.awaitTermination(10, TimeUnit.SECONDS)).as("executor terminated").isTrue();
    }
  }

  ExecutorService executor(ExecutorService e) {
    executors.add(e);
    return e;
  }

  @Test
  void framesAreWrittenInOrderWithOneWriteOutstanding() {
    FakeSocket socket = new FakeSocket(Mode.HOLD);
    OutboundQueue queue = new OutboundQueue(socket, 1_000);

    assertThat(queue.offer("a", false)).isEqualTo(Offer.QUEUED);
    assertThat(queue.offer("b", false)).isEqualTo(Offer.QUEUED);
    assertThat(queue.offer("c", false)).isEqualTo(Offer.QUEUED);
    assertThat(socket.sent()).containsExactly("a");
    assertThat(queue.queuedBytes()).isEqualTo(2);

    socket.completeNext();
    assertThat(socket.sent()).containsExactly("a", "b");
    socket.completeNext();
    socket.completeNext();

    assertThat(socket.sent()).containsExactly("a", "b", "c");
    assertThat(queue.queuedBytes()).isZero();
    socket.assertNoOverlappingWrites();
  }

  @Test
  void framesWaitingBehindAWriteLeaveTogetherInOneBatch() {
    BatchingSocket socket = new BatchingSocket();
    OutboundQueue queue = new OutboundQueue(socket, 1_000);

    queue.offer("a", false);
    queue.offer("b", false);
    queue.offer("c", false);
    queue.offer("d", false);
    assertThat(socket.writes).containsExactly(List.of("a"));

    socket.completeNext();
    assertThat(socket.writes).containsExactly(List.of("a"), List.of("b", "c", "d"));
    assertThat(queue.queuedBytes()).isZero();
    socket.completeNext();
    queue.offer("e", false);
    assertThat(socket.writes).containsExactly(List.of("a"), List.of("b", "c", "d"), List.of("e"));
  }

  @Test
  void aBatchIsBoundedInFramesAndTheRestFollows() {
    BatchingSocket socket = new BatchingSocket();
    OutboundQueue queue = new OutboundQueue(socket, Long.MAX_VALUE);
    queue.offer("first", false);
    int waiting = OutboundQueue.MAX_BATCH_FRAMES + 10;
    for (int i = 0; i < waiting; i++) {
      queue.offer("f" + i, false);
    }

    socket.completeNext();
    assertThat(socket.writes.get(1)).hasSize(OutboundQueue.MAX_BATCH_FRAMES).startsWith("f0");
    socket.completeNext();
    assertThat(socket.writes.get(2)).hasSize(10).startsWith("f" + OutboundQueue.MAX_BATCH_FRAMES);
  }

  @Test
  void aCloseQueuedAfterFramesEndsTheBatchAndClosesAfterIt() {
    BatchingSocket socket = new BatchingSocket();
    OutboundQueue queue = new OutboundQueue(socket, 1_000);
    queue.offer("a", false);
    queue.offer("b", false);
    queue.offer("c", false);
    queue.closeAfterFlush(4401, "bye");

    socket.completeNext();
    assertThat(socket.writes).containsExactly(List.of("a"), List.of("b", "c"));
    assertThat(socket.closes).isEmpty();
    socket.completeNext();
    assertThat(socket.closes).containsExactly(4401);
  }

  @Test
  void withoutAGatheringAdapterABatchIsWrittenFrameByFrameInOrder() {
    FakeSocket socket = new FakeSocket(Mode.HOLD);
    OutboundQueue queue = new OutboundQueue(socket, 1_000);
    for (String f : List.of("a", "b", "c", "d")) {
      queue.offer(f, false);
    }
    socket.completeNext(); // a; b, c, d now go through the default sendTexts
    assertThat(socket.sent()).containsExactly("a", "b");
    socket.completeNext();
    socket.completeNext();
    assertThat(socket.sent()).containsExactly("a", "b", "c", "d");
    socket.completeNext();
    queue.offer("e", false);
    assertThat(socket.sent()).containsExactly("a", "b", "c", "d", "e");
    socket.assertNoOverlappingWrites();
  }

  @Test
  void theDefaultBatchWriteReportsAFailureOnceAndStops() {
    FakeSocket socket = new FakeSocket(Mode.HOLD);
    List<String> outcome = new CopyOnWriteArrayList<>();
    socket.sendTexts(
        List.of("a", "b", "c"),
        new SendCallback() {
          @Override
          public void succeeded() {
            outcome.add("ok");
          }

          @Override
          public void failed(Throwable cause) {
            outcome.add("failed");
          }
        });
    socket.completeNext();
    socket.failNext();
    assertThat(outcome).containsExactly("failed");
    assertThat(socket.sent()).containsExactly("a", "b");
  }

  /** Records each write as the list of frames it carried; completes on demand. */
  static final class BatchingSocket implements TransportConnection {
    final List<List<String>> writes = new ArrayList<>();
    final List<Integer> closes = new ArrayList<>();
    private final ArrayDeque<SendCallback> held = new ArrayDeque<>();

    @Override
    public String remoteAddress() {
      return "batching";
    }

    @Override
    public Map<String, List<String>> handshakeHeaders() {
      return Map.of();
    }

    @Override
    public void sendText(String text, SendCallback callback) {
      assertThat(held).as("one write outstanding").isEmpty();
      writes.add(List.of(text));
      held.add(callback);
    }

    @Override
    public void sendTexts(List<String> texts, SendCallback callback) {
      assertThat(held).as("one write outstanding").isEmpty();
      writes.add(List.copyOf(texts));
      held.add(callback);
    }

    @Override
    public void close(int code, String reason) {
      closes.add(code);
    }

    void completeNext() {
      held.poll().succeeded();
    }
  }

  @Test
  void inlineCompletionOfAHundredThousandQueuedFramesDoesNotGrowTheStack() throws Exception {
    FakeSocket socket = new FakeSocket(Mode.HOLD);
    OutboundQueue queue = new OutboundQueue(socket, Long.MAX_VALUE);
    int frames = 100_000;
    for (int i = 0; i < frames; i++) {
      queue.offer("f" + i, false);
    }
    socket.mode = Mode.INLINE;

    // a small stack: recursion per frame would overflow it long before 100,000
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread drainer =
        new Thread(
            null,
            () -> {
              try {
                socket.completeNext();
              } catch (Throwable t) {
                failure.set(t);
              }
            },
            "drainer",
            256 * 1024);
    drainer.start();
    drainer.join(WAIT.toMillis());

    assertThat(drainer.isAlive()).isFalse();
    assertThat(failure.get()).isNull();
    assertThat(socket.sent()).hasSize(frames);
    assertThat(socket.sent().get(frames - 1)).isEqualTo("f" + (frames - 1));
    assertThat(queue.queuedBytes()).isZero();
    socket.assertNoOverlappingWrites();
  }

  @Test
  void writesCompletedOnAnotherThreadKeepTheQueueMoving() {
    FakeSocket socket = new FakeSocket(Mode.ASYNC);
    socket.completer = executor(Executors.newSingleThreadExecutor());
    OutboundQueue queue = new OutboundQueue(socket, 1_000_000);
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      expected.add("f" + i);
      assertThat(queue.offer("f" + i, false)).isEqualTo(Offer.QUEUED);
    }

    await().atMost(WAIT).until(() -> socket.sent().size() == expected.size());

    assertThat(socket.sent()).containsExactlyElementsOf(expected);
    await().atMost(WAIT).until(() -> queue.queuedBytes() == 0);
    socket.assertNoOverlappingWrites();
  }

  @Test
  void overflowClosesWith4429AndReleasesTheQueue() {
    FakeSocket socket = new FakeSocket(Mode.HOLD);
    OutboundQueue queue = new OutboundQueue(socket, 100);
    queue.offer("on the wire", false);
    for (int i = 0; i < 10; i++) {
      assertThat(queue.offer("0123456789", false)).isEqualTo(Offer.QUEUED);
    }
    assertThat(queue.queuedBytes()).isEqualTo(100);

    assertThat(queue.offer("!", false)).isEqualTo(Offer.OVERFLOW);

    assertThat(socket.closes()).containsExactly(CloseCodes.RATE_LIMITED);
    assertThat(queue.queuedBytes()).isZero();
    assertThat(queue.offer("later", false)).isEqualTo(Offer.CLOSED);
    socket.completeNext();
    assertThat(socket.sent()).containsExactly("on the wire");
    assertThat(socket.closes()).containsExactly(CloseCodes.RATE_LIMITED);
  }

  @Test
  void transientFramesAreDroppedAboveAQuarterOfTheLimitWhileNormalFramesStillQueue() {
    FakeSocket socket = new FakeSocket(Mode.HOLD);
    OutboundQueue queue = new OutboundQueue(socket, 100);
    queue.offer("on the wire", false);
    assertThat(queue.offer("x".repeat(20), false)).isEqualTo(Offer.QUEUED);
    assertThat(queue.offer("typing", true)).as("at 20 of 100").isEqualTo(Offer.QUEUED);

    assertThat(queue.queuedBytes()).isEqualTo(26);
    assertThat(queue.offer("typing", true)).as("at 26 of 100").isEqualTo(Offer.DROPPED);
    assertThat(queue.offer("message", false)).isEqualTo(Offer.QUEUED);

    for (int i = 0; i < 4; i++) {
      socket.completeNext();
    }
    assertThat(socket.sent()).containsExactly("on the wire", "x".repeat(20), "typing", "message");
    assertThat(socket.closes()).isEmpty();
  }

  @Test
  void closeAfterFlushWritesWhatIsPendingThenCloses() {
    FakeSocket socket = new FakeSocket(Mode.HOLD);
    OutboundQueue queue = new OutboundQueue(socket, 1_000);
    queue.offer("a", false);
    queue.offer("b", false);

    queue.closeAfterFlush(1001, "going away");
    assertThat(queue.offer("c", false)).isEqualTo(Offer.CLOSED);
    assertThat(socket.closes()).isEmpty();

    socket.completeNext();
    assertThat(socket.closes()).isEmpty();
    socket.completeNext();

    assertThat(socket.log()).containsExactly("send a", "send b", "close 1001 going away");
    assertThat(queue.queuedBytes()).isZero();
  }

  @Test
  void closeAfterFlushWaitsForTheWriteOnTheWire() {
    FakeSocket socket = new FakeSocket(Mode.HOLD);
    OutboundQueue queue = new OutboundQueue(socket, 1_000);
    queue.offer("a", false);

    queue.closeAfterFlush(1000, "bye");
    assertThat(socket.closes()).isEmpty();
    socket.completeNext();

    assertThat(socket.log()).containsExactly("send a", "close 1000 bye");
  }

  @Test
  void closeAfterFlushOnAnIdleQueueClosesAtOnceAndOnlyOnce() {
    FakeSocket socket = new FakeSocket(Mode.INLINE);
    OutboundQueue queue = new OutboundQueue(socket, 1_000);
    queue.offer("a", false);

    queue.closeAfterFlush(1000, "bye");
    queue.closeAfterFlush(4429, "again");

    assertThat(socket.log()).containsExactly("send a", "close 1000 bye");
  }

  @Test
  void aWriteFailingInlineClosesWith1011AndRefusesMore() {
    FakeSocket socket = new FakeSocket(Mode.HOLD);
    OutboundQueue queue = new OutboundQueue(socket, 1_000);
    queue.offer("a", false);
    queue.offer("b", false);
    socket.mode = Mode.FAIL;

    socket.completeNext(); // "a" succeeds, "b" fails inline

    assertThat(socket.closes()).containsExactly(1011);
    assertThat(queue.offer("c", false)).isEqualTo(Offer.CLOSED);
    assertThat(queue.queuedBytes()).isZero();
  }

  @Test
  void aWriteFailingLaterClosesWith1011AndDropsTheQueue() {
    FakeSocket socket = new FakeSocket(Mode.HOLD);
    OutboundQueue queue = new OutboundQueue(socket, 1_000);
    queue.offer("a", false);
    queue.offer("b", false);

    socket.failNext();

    assertThat(socket.closes()).containsExactly(1011);
    assertThat(socket.sent()).containsExactly("a");
    assertThat(queue.offer("c", false)).isEqualTo(Offer.CLOSED);
    assertThat(queue.queuedBytes()).isZero();
  }

  @Test
  void aSocketThatThrowsOnSendIsAFailedWrite() {
    FakeSocket socket = new FakeSocket(Mode.THROW);
    OutboundQueue queue = new OutboundQueue(socket, 1_000);

    queue.offer("a", false);

    assertThat(socket.closes()).containsExactly(1011);
    assertThat(queue.offer("b", false)).isEqualTo(Offer.CLOSED);
  }

  @Test
  void releaseDropsTheQueueAndRefusesMore() {
    FakeSocket socket = new FakeSocket(Mode.HOLD);
    OutboundQueue queue = new OutboundQueue(socket, 1_000);
    queue.offer("a", false);
    queue.offer("b", false);

    queue.release();
    socket.completeNext();

    assertThat(queue.queuedBytes()).isZero();
    assertThat(queue.offer("c", false)).isEqualTo(Offer.CLOSED);
    assertThat(socket.sent()).containsExactly("a");
  }

  @Test
  void concurrentOffersWithAsyncCompletionDeliverEveryFrameOnceInPerThreadOrder() throws Exception {
    int threads = 8;
    int perThread = 5_000;
    FakeSocket socket = new FakeSocket(Mode.ASYNC);
    socket.completer = executor(Executors.newFixedThreadPool(2));
    OutboundQueue queue = new OutboundQueue(socket, Long.MAX_VALUE);
    ExecutorService producers = executor(Executors.newFixedThreadPool(threads));
    CyclicBarrier start = new CyclicBarrier(threads);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      futures.add(
          producers.submit(
              () -> {
                start.await(10, TimeUnit.SECONDS);
                for (int i = 0; i < perThread; i++) {
                  assertThat(queue.offer(thread + ":" + i, false)).isEqualTo(Offer.QUEUED);
                }
                return null;
              }));
    }
    for (Future<?> f : futures) {
      f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    await()
        .atMost(WAIT)
        .until(() -> socket.sent().size() >= threads * perThread && queue.queuedBytes() == 0);

    List<String> sent = socket.sent();
    assertThat(sent).hasSize(threads * perThread).doesNotHaveDuplicates();
    Map<Integer, Integer> nextPerThread = new HashMap<>();
    for (String frame : sent) {
      int thread = Integer.parseInt(frame.substring(0, frame.indexOf(':')));
      int i = Integer.parseInt(frame.substring(frame.indexOf(':') + 1));
      assertThat(i)
          .as("frame of thread %d", thread)
          .isEqualTo(nextPerThread.getOrDefault(thread, 0));
      nextPerThread.put(thread, i + 1);
    }
    socket.assertNoOverlappingWrites();
  }

  enum Mode {
    /** Completes each write before {@code sendText} returns. */
    INLINE,
    /** Keeps each callback until the test completes it. */
    HOLD,
    /** Completes each write on {@link FakeSocket#completer}. */
    ASYNC,
    /** Fails each write inline. */
    FAIL,
    /** Throws from {@code sendText}. */
    THROW
  }

  /**
   * A socket that records writes and closes, and catches a second write started while one is
   * outstanding (which the {@link TransportConnection} contract forbids).
   */
  static final class FakeSocket implements TransportConnection {
    volatile Mode mode;
    volatile ExecutorService completer;
    private final List<String> sent = Collections.synchronizedList(new ArrayList<>());
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());
    private final List<Integer> closes = new CopyOnWriteArrayList<>();
    private final ArrayDeque<SendCallback> held = new ArrayDeque<>();
    private final AtomicInteger outstanding = new AtomicInteger();
    private final List<String> violations = new CopyOnWriteArrayList<>();

    FakeSocket(Mode mode) {
      this.mode = mode;
    }

    @Override
    public String remoteAddress() {
      return "fake";
    }

    @Override
    public Map<String, List<String>> handshakeHeaders() {
      return Map.of();
    }

    @Override
    public void sendText(String text, SendCallback callback) {
      if (outstanding.incrementAndGet() != 1) {
        violations.add("sendText(" + text + ") while a write was outstanding");
      }
      Mode m = mode;
      if (m == Mode.THROW) {
        outstanding.decrementAndGet();
        throw new IllegalStateException("socket gone");
      }
      sent.add(text);
      log.add("send " + text);
      SendCallback tracked =
          new SendCallback() {
            @Override
            public void succeeded() {
              outstanding.decrementAndGet();
              callback.succeeded();
            }

            @Override
            public void failed(Throwable cause) {
              outstanding.decrementAndGet();
              callback.failed(cause);
            }
          };
      switch (m) {
        case INLINE -> tracked.succeeded();
        case FAIL -> tracked.failed(new IllegalStateException("write failed"));
        case ASYNC -> completer.execute(tracked::succeeded);
        case HOLD -> {
          synchronized (held) {
            held.add(tracked);
          }
        }
        default -> throw new AssertionError(m);
      }
    }

    @Override
    public void close(int code, String reason) {
      closes.add(code);
      log.add("close " + code + " " + reason);
    }

    /** Completes the oldest held write successfully. */
    void completeNext() {
      nextHeld().succeeded();
    }

    /** Fails the oldest held write. */
    void failNext() {
      nextHeld().failed(new IllegalStateException("peer reset"));
    }

    private SendCallback nextHeld() {
      synchronized (held) {
        assertThat(held).as("a held write").isNotEmpty();
        return held.poll();
      }
    }

    List<String> sent() {
      synchronized (sent) {
        return List.copyOf(sent);
      }
    }

    List<String> log() {
      synchronized (log) {
        return List.copyOf(log);
      }
    }

    List<Integer> closes() {
      return List.copyOf(closes);
    }

    void assertNoOverlappingWrites() {
      assertThat(violations).isEmpty();
    }
  }
}
