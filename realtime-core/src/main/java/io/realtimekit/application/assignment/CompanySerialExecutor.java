package io.realtimekit.application.assignment;

import io.realtimekit.domain.CompanyId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One mailbox per company on a small shared executor: the tasks of one company run one batch at a
 * time, in submission order; different companies run in parallel, and a busy company delays no
 * other (each batch is at most {@code maxBatch} tasks, then the company goes to the back of the
 * executor's queue). Submitting never waits for a task to run: it appends to the mailbox under the
 * map's per-key lock (a few instructions) and, when the mailbox was idle, hands it to the executor.
 * An idle company's mailbox is forgotten.
 *
 * @param <T> the task type, handed to the batch runner
 */
final class CompanySerialExecutor<T> {
  private static final Logger log = LoggerFactory.getLogger(CompanySerialExecutor.class);

  private static final class Mailbox<T> {
    final ArrayDeque<T> tasks = new ArrayDeque<>();
    boolean scheduled;
  }

  private final Executor executor;
  private final int maxBatch;
  private final BiConsumer<CompanyId, List<T>> runner;
  private final Map<CompanyId, Mailbox<T>> mailboxes = new ConcurrentHashMap<>();

  /** The company whose batch this thread is running, if any. */
  private final ThreadLocal<CompanyId> running = new ThreadLocal<>();

  /**
   * @param executor runs the batches
   * @param maxBatch the most tasks of one company handed to {@code runner} at once
   * @param runner runs one batch of one company; never called concurrently for one company
   */
  CompanySerialExecutor(Executor executor, int maxBatch, BiConsumer<CompanyId, List<T>> runner) {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be at least 1");
    }
    this.executor = executor;
    this.maxBatch = maxBatch;
    this.runner = runner;
  }

  /** Queues {@code task} for {@code company}; returns at once. */
  void submit(CompanyId company, T task) {
    boolean[] start = new boolean[1];
    mailboxes.compute(
        company,
        (k, box) -> {
          Mailbox<T> b = box == null ? new Mailbox<>() : box;
          b.tasks.add(task);
          if (!b.scheduled) {
            b.scheduled = true;
            start[0] = true;
          }
          return b;
        });
    if (start[0]) {
      schedule(company);
    }
  }

  /** True when the calling thread is running a batch of {@code company}. */
  boolean isRunning(CompanyId company) {
    return company.equals(running.get());
  }

  /** How many tasks wait for {@code company} (for tests and metrics). */
  int backlog(CompanyId company) {
    int[] n = new int[1];
    mailboxes.computeIfPresent(
        company,
        (k, box) -> {
          n[0] = box.tasks.size();
          return box;
        });
    return n[0];
  }

  private void schedule(CompanyId company) {
    try {
      executor.execute(() -> runOnce(company));
    } catch (RejectedExecutionException e) {
      // the executor is shutting down: what is queued will not run
      mailboxes.remove(company);
      log.debug("assignment executor refused company {}: {}", company, e.toString());
    }
  }

  private void runOnce(CompanyId company) {
    List<T> batch = new ArrayList<>();
    mailboxes.computeIfPresent(
        company,
        (k, box) -> {
          while (batch.size() < maxBatch && !box.tasks.isEmpty()) {
            batch.add(box.tasks.poll());
          }
          return box;
        });
    CompanyId outer = running.get();
    running.set(company);
    try {
      if (!batch.isEmpty()) {
        runner.accept(company, batch);
      }
    } catch (RuntimeException e) {
      log.error("a batch of company {} failed", company, e);
    } finally {
      if (outer == null) {
        running.remove();
      } else {
        running.set(outer);
      }
      boolean[] again = new boolean[1];
      mailboxes.computeIfPresent(
          company,
          (k, box) -> {
            if (box.tasks.isEmpty()) {
              return null;
            }
            again[0] = true;
            return box;
          });
      if (again[0]) {
        schedule(company);
      }
    }
  }
}
