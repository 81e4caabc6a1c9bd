package io.realtimekit.examples.springboot;

import io.realtimekit.Realtime;
import io.realtimekit.application.clientevent.Caller;
import io.realtimekit.application.notification.NotificationReceipt;
import io.realtimekit.domain.DomainException;
import io.realtimekit.domain.ErrorCode;
import io.realtimekit.domain.Result;
import io.realtimekit.domain.Role;
import io.realtimekit.spring.boot.RealtimeEvent;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * A client event of the application: a visitor asks for a chat about a topic; every commercial of
 * its company is told ({@code lead:new}) and the visitor gets how many were reached.
 */
@Component
public class OpenChatHandler {
  private final Realtime realtime;

  /** The handler, with the application's Realtime. */
  public OpenChatHandler(Realtime realtime) {
    this.realtime = realtime;
  }

  /** The request's data. */
  public record OpenChat(String topic) {}

  /** The reply's data. */
  public record ChatOpened(String topic, int commercialsNotified) {}

  /** {@code visitor:open-chat {topic}}, visitors only. */
  @RealtimeEvent(value = "visitor:open-chat", roles = "visitor")
  public ChatOpened open(Caller caller, OpenChat request) {
    if (request == null || request.topic() == null || request.topic().isBlank()) {
      throw new DomainException(ErrorCode.INVALID_ARGUMENT, "topic is required");
    }
    Result<NotificationReceipt> sent =
        realtime.notifyRole(
            caller.companyId(),
            Role.COMMERCIAL,
            "lead:new",
            Map.of("visitorId", caller.userId().value(), "topic", request.topic()));
    return new ChatOpened(request.topic(), sent.isOk() ? sent.value().deliveredConnections() : 0);
  }
}
