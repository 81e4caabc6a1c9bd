package io.realtimekit.bench.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the soak's clients sent, had acknowledged and received, by message text (unique per send),
 * and the verdict at the end:
 *
 * <ul>
 *   <li><b>lost</b>: acknowledged ({@code ok:true}, pending or not) and never received by its
 *       receiver, after every client reconnected with its position at the end. <b>Silently</b> when
 *       the receiver was never told its history could not be continued ({@code recovered:false}
 *       with a reason, or a Socket.IO connect that did not recover) after the send;
 *   <li><b>duplicates</b>: chat frames of a message its receiver had received already, counted on
 *       the raw frames (no de-duplication in the client): continuity.md promises every kept event
 *       once to a client that reconnects with the position it was given, so any is a defect;
 *   <li><b>misdelivered</b>: a message received by a user it was not sent to.
 * </ul>
 */
final class SoakLedger {
  private static final class Msg {
    final String to;
    final long sentAt = System.nanoTime();
    volatile long ackedAt;
    final AtomicInteger received = new AtomicInteger();

    Msg(String to) {
      this.to = to;
    }
  }

  private final Map<String, Msg> messages = new ConcurrentHashMap<>();
  private final Map<String, List<Long>> noticesByUser = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> refusals = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> recoveryFailures = new ConcurrentHashMap<>();
  private final LongAdder duplicates = new LongAdder();
  private final LongAdder misdelivered = new LongAdder();
  private final LongAdder unknown = new LongAdder();
  private final List<String> problems = new CopyOnWriteArrayList<>();
  private final List<String> examples = new CopyOnWriteArrayList<>();

  void sent(String text, String to) {
    messages.put(text, new Msg(to));
  }

  void acknowledged(String text) {
    Msg m = messages.get(text);
    if (m != null) {
      m.ackedAt = System.nanoTime();
    }
  }

  void refused(String text, String frame) {
    int i = frame.indexOf("\"code\":\"");
    String code = i < 0 ? "?" : frame.substring(i + 8, frame.indexOf('"', i + 8));
    refusals.computeIfAbsent(code, k -> new LongAdder()).increment();
  }

  void received(String user, String text) {
    Msg m = messages.get(text);
    if (m == null) {
      unknown.increment();
      return;
    }
    if (!m.to.equals(user)) {
      misdelivered.increment();
      return;
    }
    if (m.received.incrementAndGet() > 1) {
      duplicates.increment();
      note("duplicate " + text + " to " + user + " (" + m.received.get() + " times)");
    }
  }

  void recoveryFailed(String user, String reason) {
    recoveryFailures.computeIfAbsent(reason, k -> new LongAdder()).increment();
    noticesByUser.computeIfAbsent(user, k -> new CopyOnWriteArrayList<>()).add(System.nanoTime());
  }

  void problem(String what) {
    if (problems.size() < 20) {
      problems.add(what);
    }
  }

  private void note(String what) {
    if (examples.size() < 20) {
      examples.add(what);
    }
  }

  /** Acknowledged messages not received yet. */
  long missing() {
    return messages.values().stream().filter(m -> m.ackedAt != 0 && m.received.get() == 0).count();
  }

  /** The verdict, as named figures (counts). */
  Map<String, Double> verdict() {
    long sent = messages.size();
    long acked = 0;
    long receivedOnce = 0;
    long lostSilently = 0;
    long lostWithNotice = 0;
    long unackedReceived = 0;
    for (Map.Entry<String, Msg> e : messages.entrySet()) {
      Msg m = e.getValue();
      if (m.received.get() > 0) {
        receivedOnce++;
      }
      if (m.ackedAt == 0) {
        if (m.received.get() > 0) {
          unackedReceived++;
        }
        continue;
      }
      acked++;
      if (m.received.get() == 0) {
        boolean told =
            noticesByUser.getOrDefault(m.to, List.of()).stream().anyMatch(t -> t > m.sentAt);
        if (told) {
          lostWithNotice++;
        } else {
          lostSilently++;
        }
        note((told ? "lost (receiver told) " : "lost silently ") + e.getKey() + " to " + m.to);
      }
    }
    Map<String, Double> r = new TreeMap<>();
    r.put("messages sent", (double) sent);
    r.put("messages acknowledged", (double) acked);
    r.put("messages received", (double) receivedOnce);
    r.put("acknowledged lost silently", (double) lostSilently);
    r.put("acknowledged lost after a recovery failure", (double) lostWithNotice);
    r.put("duplicate frames", duplicates.doubleValue());
    r.put("misdelivered", misdelivered.doubleValue());
    r.put("unacknowledged but received", (double) unackedReceived);
    refusals.forEach((k, v) -> r.put("refused " + k, v.doubleValue()));
    recoveryFailures.forEach((k, v) -> r.put("recovery failed " + k, v.doubleValue()));
    return r;
  }

  /** Examples of each defect found (at most 20), and problems of the load generator. */
  List<String> notes() {
    List<String> all = new ArrayList<>(examples);
    all.addAll(problems);
    return all;
  }
}
