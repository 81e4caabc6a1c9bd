package io.realtimekit.transport;

import io.realtimekit.application.clientevent.Caller;
import io.realtimekit.application.connection.UpdateRoles;
import io.realtimekit.application.port.CloseReason;
import io.realtimekit.application.port.VerifiedToken;
import io.realtimekit.domain.ErrorCode;
import io.realtimekit.domain.Failure;
import io.realtimekit.domain.Result;
import io.realtimekit.protocol.ClientFrame;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The frames of one authenticated socket: each under the rate limit (the socket's own token bucket,
 * then the per-address, per-company and per-user budgets), then a client event routed by the {@link
 * io.realtimekit.application.clientevent.ClientEventRouter}, a token refresh handed back to the
 * session, a leave, or an answer to what is invalid.
 *
 * <p>Refusals accumulate as strikes and each accepted event pays one back: a client slightly over
 * its rate is only slowed down, a sustained flood is closed. Made at the socket's first frame after
 * authentication (a bucket starts full, and one left untouched since the socket opened would have
 * refilled to full anyway): idle sockets hold none. Used on the session's inbound executor only.
 */
final class InboundFrames {
  private final ClientSession session;
  private final SessionServices services;
  private final SessionOutput out;
  private final TokenBucket bucket;
  private int strikes;

  InboundFrames(ClientSession session, SessionServices services, SessionOutput out) {
    this.session = session;
    this.services = services;
    this.out = out;
    this.bucket =
        new TokenBucket(
            services.settings().eventsPerSecond(),
            services.settings().eventBurst(),
            System::nanoTime);
  }

  /** Handles one frame of {@code caller}, whose socket connected from {@code address}. */
  void handle(ClientFrame frame, Caller caller, String address) {
    if (!bucket.tryTake()
        || !services.budgets().takeEvent(address, caller.companyId(), caller.userId())) {
      services.metrics().rateLimited();
      if (++strikes > services.settings().eventBurst()) {
        out.closeNow(CloseReason.RATE_LIMITED, "rate limit exceeded");
      } else {
        out.answerFailure(
            idOf(frame), new Failure(ErrorCode.RATE_LIMITED, "too many events; slow down"));
      }
      return;
    }
    if (strikes > 0) {
      strikes--;
    }
    if (frame instanceof ClientFrame.Event e) {
      services.metrics().eventIn(e.event());
      EventContext ctx = new EventContext(out, caller, e);
      services.router().dispatch(ctx);
      ctx.acknowledgeIfUnanswered();
    } else if (frame instanceof ClientFrame.Refresh r) {
      refresh(r.token(), caller);
    } else if (frame instanceof ClientFrame.Leave) {
      out.closeNow(CloseReason.NORMAL, "client left");
    } else if (frame instanceof ClientFrame.Ack) {
      return; // the server asks for no acknowledgement
    } else if (frame instanceof ClientFrame.Invalid inv) {
      if (inv.fatal()) {
        out.connectionError(inv.failure(), CloseReason.PROTOCOL_ERROR, "protocol violation");
      } else {
        out.answerFailure(inv.id(), inv.failure());
      }
    } else {
      out.answerFailure(
          OptionalLong.empty(), new Failure(ErrorCode.PROTOCOL_ERROR, "already authenticated"));
    }
  }

  /** A token refresh frame: the same user and company, or the socket closes. */
  private void refresh(String token, Caller current) {
    Result<VerifiedToken> verified = services.verifier().verify(token);
    if (!verified.isOk()
        || !verified.value().userId().equals(current.userId())
        || !verified.value().companyId().equals(current.companyId())) {
      String why = verified.isOk() ? "token is for another user" : verified.failure().message();
      out.connectionError(
          new Failure(ErrorCode.UNAUTHORIZED, why), CloseReason.AUTH_FAILED, "unauthorized");
      return;
    }
    VerifiedToken t = verified.value();
    if (!session.renew(t)) {
      return;
    }
    if (!t.roles().equals(current.roles())) {
      services.commands().send(new UpdateRoles(t.userId(), t.roles()));
    }
    out.offer(
        out.format()
            .refreshed(services.codec().json(Map.of("expiresAt", t.expiresAt().toString()))));
  }

  private static OptionalLong idOf(ClientFrame frame) {
    if (frame instanceof ClientFrame.Event e) {
      return e.id();
    }
    return frame instanceof ClientFrame.Invalid i ? i.id() : OptionalLong.empty();
  }
}
