package io.realtimekit.transport;

import com.fasterxml.jackson.databind.JsonNode;
import io.realtimekit.application.bus.Command;
import io.realtimekit.application.bus.Query;
import io.realtimekit.application.clientevent.Caller;
import io.realtimekit.application.clientevent.ClientEventContext;
import io.realtimekit.domain.DomainException;
import io.realtimekit.domain.ErrorCode;
import io.realtimekit.domain.Failure;
import io.realtimekit.domain.Result;
import io.realtimekit.protocol.ClientFrame;

/** A client event of the native protocol being handled; the first answer wins. */
final class EventContext implements ClientEventContext {
  private final SessionOutput session;
  private final ClientFrame.Event frame;
  private final Caller caller;
  private boolean answered;

  EventContext(SessionOutput session, Caller caller, ClientFrame.Event frame) {
    this.session = session;
    this.frame = frame;
    this.caller = caller;
  }

  @Override
  public String event() {
    return frame.event();
  }

  @Override
  public Caller caller() {
    return caller;
  }

  @Override
  public JsonNode data() {
    return frame.data();
  }

  @Override
  public <T> T dataAs(Class<T> type) {
    try {
      return session.services().codec().mapper().treeToValue(frame.data(), type);
    } catch (Exception e) {
      throw DomainException.invalid("data does not fit " + type.getSimpleName());
    }
  }

  @Override
  public synchronized void reply(Object data) {
    if (!answered) {
      answered = true;
      session.answerSuccess(frame.id(), data);
    }
  }

  @Override
  public synchronized void fail(ErrorCode code, String message) {
    if (!answered) {
      answered = true;
      session.answerFailure(frame.id(), new Failure(code, message));
    }
  }

  @Override
  public int maxReplyBytes() {
    return session.services().settings().maxFrameBytes();
  }

  @Override
  public void emit(String event, Object data) {
    session.emitToSelf(event, data);
  }

  @Override
  public <R> Result<R> send(Command<R> command) {
    return session.services().commands().send(command);
  }

  @Override
  public <R> R ask(Query<R> query) {
    return session.services().queries().ask(query);
  }

  void acknowledgeIfUnanswered() {
    reply(null);
  }
}
