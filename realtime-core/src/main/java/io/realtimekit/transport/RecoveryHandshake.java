package io.realtimekit.transport;

import io.realtimekit.application.port.KeptEvent;
import io.realtimekit.application.port.StreamPosition;
import io.realtimekit.application.port.StreamRead;
import io.realtimekit.application.port.UserEventStreams;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.ErrorCode;
import io.realtimekit.domain.UserId;
import io.realtimekit.protocol.ClientFrame;
import io.realtimekit.protocol.SessionIdentity;
import io.realtimekit.protocol.SessionResumption;
import io.realtimekit.protocol.WireFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stream side of one socket's authentication, when recovery is on. The session registers the
 * socket for live delivery first, then:
 *
 * <ol>
 *   <li>{@link #begin}: reads the user's position, or, for a {@code recover}, the first page of the
 *       kept events after the client's position; the replay ends at the stream's last offset as
 *       this read finds it. A position of another epoch, trimmed away, ahead of the stream or
 *       malformed recovers nothing ({@code recovered: false});
 *   <li>when step 1 could not read the store, {@link #reread} tries it once more right after {@code
 *       ConnectUser} (the store answered {@code ConnectUser} meanwhile), before the replay and
 *       {@code connected};
 *   <li>{@link #nextReplayed} gives the replay a page at a time, read as the socket's queue drains
 *       (written before {@code connected}, counted in {@code recoveredCount});
 *   <li>after {@code connected}, {@link #nextCaughtUp} reads what was appended meanwhile, a page at
 *       a time; the session repeats it until every kept event live delivery handed it is covered,
 *       then skips live events at or below {@link #last()}.
 * </ol>
 *
 * <p>A protocol that resumes by private session id ({@link WireFormat#sessionResumption()},
 * Socket.IO) sends a pid and an offset text instead of a position: the pid is verified for the
 * authenticated user in the stream's current epoch, then recovery goes on as above from the
 * client's offset (or the pid's start); {@link #identity} gives the sid and pid of the CONNECT
 * answer, the same ones on a recovered connect.
 *
 * <p>Streams are read for the authenticated user only: the client's position is never a key. Not
 * thread-safe: one handshake runs on its session's inbound executor.
 */
final class RecoveryHandshake {
  private static final Logger log = LoggerFactory.getLogger(RecoveryHandshake.class);
  private static final int PAGE = 256;

  private final UserEventStreams streams;
  private final CompanyId companyId;
  private final UserId userId;
  private final WireFormat format;
  private final SessionResumption resumption;

  /** Read from the store, not yet handed to the session. */
  private List<String> page = new ArrayList<>();

  /** With a recover: more pages to replay, up to {@link #target}. */
  private boolean replaying;

  private long target;
  private int replayedCount;
  private boolean asked;
  private boolean recovered;
  private String reason;
  private Map<String, Object> error;
  private StreamPosition position;
  private long last;
  private boolean unavailable;

  /** With Socket.IO's recovery: the session a verified pid names. */
  private String resumedSid;

  private String resumedPid;

  /** The connect frame of step 1, to try it once more when the store could not be read then. */
  private ClientFrame.Connect connect;

  private boolean retried;

  RecoveryHandshake(
      UserEventStreams streams, CompanyId companyId, UserId userId, WireFormat format) {
    this.streams = streams;
    this.companyId = companyId;
    this.userId = userId;
    this.format = format;
    this.resumption = format.sessionResumption();
  }

  /** Step 1: the user's position, or the history after the client's one. Never throws. */
  void begin(ClientFrame.Connect connect) {
    this.connect = connect;
    if (connect != null && connect.resume() != null && resumption != null) {
      resume(connect.resume());
      return;
    }
    ClientFrame.Recover ask = connect == null ? null : connect.recover();
    String askError = connect == null ? null : connect.recoverError();
    asked = ask != null || askError != null;
    try {
      if (askError != null) {
        refuse("INVALID_POSITION", askError);
        startAt(streams.position(companyId, userId));
        return;
      }
      if (ask == null) {
        startAt(streams.position(companyId, userId));
        return;
      }
      replayAfter(new StreamPosition(ask.epoch(), ask.offset()));
    } catch (RuntimeException e) {
      unreadable(e);
    }
  }

  /**
   * Step 1 for Socket.IO's connection state recovery: a pid issued for this user in the stream's
   * current epoch, and the client's last offset (the pid's start when the client received nothing
   * since, or only offsets of an earlier epoch or below the start), recover like a {@code recover}
   * position; a pid that does not verify (another user's, another epoch's, made up) or an
   * unreadable offset recover nothing, and the connect is a normal one with a new pid.
   */
  private void resume(ClientFrame.Resume resume) {
    asked = true;
    try {
      StreamPosition current = streams.position(companyId, userId);
      var session =
          resumption.verify(resume.pid(), current.epoch(), companyId.toString(), userId.value());
      if (session.isEmpty()) {
        recovered = false;
        reason = "UNKNOWN_SESSION";
        startAt(current);
        return;
      }
      long after = session.get().start();
      if (resume.offset() != null) {
        OptionalLong given;
        try {
          given = resumption.offset(resume.offset(), current.epoch());
        } catch (IllegalArgumentException e) {
          recovered = false;
          reason = "INVALID_POSITION";
          startAt(current);
          return;
        }
        if (given.isPresent()) {
          after = Math.max(after, given.getAsLong());
        }
      }
      resumedSid = session.get().sid();
      resumedPid = resume.pid();
      replayAfter(new StreamPosition(current.epoch(), after));
    } catch (RuntimeException e) {
      unreadable(e);
    }
  }

  /**
   * After {@code ConnectUser}, before the replay: when step 1 could not read the store (an outage
   * ending while this socket connected), step 1 once more, since the user was connected since and
   * the store answers again; else the events between the client's position and the first live one
   * would be skipped by its next recovery. Stays unavailable until the second read succeeds, so an
   * event live delivery hands the socket meanwhile is held rather than skipped. Without a {@code
   * recover}, the position {@code connected} gives is just before {@code firstLive} (the lowest
   * kept event live delivery handed the socket since the first read, or null): the catch-up then
   * writes it and what follows, as it would have after a first read that succeeded. Never throws.
   */
  void reread(StreamPosition firstLive) {
    if (!unavailable || retried) {
      return;
    }
    retried = true;
    recovered = false;
    reason = null;
    error = null;
    begin(connect);
    if (position == null) {
      return; // unreadable again (unreadable() leaves no position)
    }
    if (!asked
        && firstLive != null
        && firstLive.epoch().equals(position.epoch())
        && firstLive.offset() <= last) {
      startAt(new StreamPosition(position.epoch(), Math.max(0, firstLive.offset() - 1)));
    }
    unavailable = false; // read this time
  }

  private void unreadable(RuntimeException e) {
    log.warn(
        "stream of a user of {} unreadable, socket opens without recovery: {}",
        companyId,
        e.toString());
    page.clear();
    position = null;
    unavailable = true;
    recovered = false;
    reason = "UNAVAILABLE";
    error =
        Map.of(
            "code", ErrorCode.UNAVAILABLE.value(), "message", "history is unavailable right now");
  }

  /**
   * Reads the first page of the kept events after {@code from}, for before {@code connected}; the
   * replay ends at the stream's last offset as this read finds it (what is appended later is the
   * catch-up's, after {@code connected}).
   */
  private void replayAfter(StreamPosition from) {
    StreamRead r = streams.readAfter(companyId, userId, from, PAGE);
    if (r instanceof StreamRead.Lost lost) {
      lostBeforeConnected(lost);
      return;
    }
    StreamRead.Events events = (StreamRead.Events) r;
    recovered = true;
    replaying = true;
    target = events.current().offset();
    startAt(new StreamPosition(events.current().epoch(), from.offset()));
    takeReplayed(events);
  }

  private void lostBeforeConnected(StreamRead.Lost lost) {
    replaying = false;
    if (lost.reason() == StreamRead.Reason.AHEAD_OF_STREAM) {
      refuse(
          lost.reason().name(), "the position is ahead of your stream: it was never given to you");
    } else {
      recovered = false;
      reason = lost.reason().name();
    }
    startAt(lost.current());
  }

  private void takeReplayed(StreamRead.Events events) {
    for (KeptEvent e : events.events()) {
      if (e.offset() > target) {
        break;
      }
      page.add(format.event(e.type(), position.epoch(), e.offset(), e.payloadJson()));
      replayedCount++;
      last = e.offset();
    }
    if (events.events().size() < PAGE || last >= target) {
      replaying = false;
      position = new StreamPosition(position.epoch(), last);
    }
  }

  /**
   * The next recovered events, for before {@code connected}, a page at a time (the first one read
   * by {@link #begin}): empty once the replay is complete. A stream trimmed or lost between two
   * pages ends the replay there, and {@code connected} says {@code recovered: false} with the
   * reason. Never throws.
   */
  List<String> nextReplayed() {
    if (page.isEmpty() && replaying && !unavailable) {
      try {
        StreamRead r =
            streams.readAfter(companyId, userId, new StreamPosition(position.epoch(), last), PAGE);
        if (r instanceof StreamRead.Lost lost) {
          lostBeforeConnected(lost);
        } else {
          takeReplayed((StreamRead.Events) r);
        }
      } catch (RuntimeException e) {
        replaying = false;
        unreadable(e);
      }
    }
    return takePage();
  }

  private List<String> takePage() {
    if (page.isEmpty()) {
      return List.of();
    }
    List<String> p = page;
    page = new ArrayList<>();
    return p;
  }

  /**
   * After {@code connected} (repeatable): the next page of what was appended after {@link #last()}
   * (the replay's end, or the position {@code connected} gave); empty when the stream has nothing
   * newer. A lost stream (epoch changed meanwhile) continues from its current position. Never
   * throws.
   */
  List<String> nextCaughtUp() {
    if (unavailable) {
      return List.of();
    }
    try {
      StreamRead r =
          streams.readAfter(companyId, userId, new StreamPosition(position.epoch(), last), PAGE);
      if (r instanceof StreamRead.Lost lost) {
        log.debug("stream of a user of {} lost during the catch-up: {}", companyId, lost.reason());
        startAt(lost.current());
        return List.of();
      }
      StreamRead.Events events = (StreamRead.Events) r;
      for (KeptEvent e : events.events()) {
        page.add(format.event(e.type(), events.current().epoch(), e.offset(), e.payloadJson()));
      }
      last = events.lastOffset(last);
    } catch (RuntimeException e) {
      log.warn(
          "stream of a user of {} unreadable during the catch-up: {}", companyId, e.toString());
      unavailable = true;
    }
    return takePage();
  }

  private void startAt(StreamPosition p) {
    position = p;
    last = p.offset();
  }

  private void refuse(String why, String message) {
    recovered = false;
    reason = why;
    error = Map.of("code", ErrorCode.INVALID_ARGUMENT.value(), "message", message);
  }

  /**
   * False when the store could not be read: the session then delivers what it buffered, as without
   * recovery.
   */
  boolean available() {
    return !unavailable;
  }

  /** The offset of the last kept event written by the handshake (or the starting position). */
  long last() {
    return last;
  }

  /** The epoch the handshake worked in, or null when the store was unavailable. */
  String epoch() {
    return position == null ? null : position.epoch();
  }

  /**
   * For a protocol that resumes by private session id: on a recovered connect, the sid and pid of
   * the session it continues; otherwise {@code connectionId} and a new pid starting at the position
   * {@code connected} gives. Null for other protocols, or when the store was unavailable.
   */
  SessionIdentity identity(String connectionId) {
    if (resumption == null || unavailable || position == null) {
      return null;
    }
    if (recovered && resumedPid != null) {
      return new SessionIdentity(resumedSid, resumedPid);
    }
    return new SessionIdentity(
        connectionId,
        resumption.issue(
            position.epoch(),
            companyId.toString(),
            userId.value(),
            connectionId,
            position.offset()));
  }

  /** The fields {@code connected} gets: epoch, offset, and for a recover, the outcome. */
  Map<String, Object> connectedFields() {
    Map<String, Object> m = new LinkedHashMap<>();
    if (position != null) {
      m.put("epoch", position.epoch());
      m.put("offset", position.offset());
    }
    if (asked) {
      m.put("recovered", recovered);
      if (recovered) {
        m.put("recoveredCount", replayedCount);
      } else {
        m.put("reason", reason);
        if (error != null) {
          m.put("error", error);
        }
      }
    }
    return m;
  }
}
