package io.realtimekit.spring.boot;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a Spring bean as the handler of a client event, registered with {@code
 * realtime.on(value, guard, handler)} when the application context has started its beans.
 *
 * <pre>{@code
 * @Component
 * class OpenChat {
 *   @RealtimeEvent(value = "visitor:open-chat", roles = "visitor")
 *   Map<String, Object> open(Caller caller, OpenChatRequest request) {
 *     return Map.of("queued", true);          // the reply's data
 *   }
 * }
 * }</pre>
 *
 * <p>Parameters, in any order: {@link io.realtimekit.application.clientevent.ClientEventContext}
 * (reply, fail, emit, commands), {@link io.realtimekit.application.clientevent.Caller}, {@link
 * com.fasterxml.jackson.databind.JsonNode} (the raw data), or one other type that the event's data
 * is read into (data that does not fit it is answered with {@code INVALID_ARGUMENT}). Return value:
 * {@code void} (the event is acknowledged unless the method answered through the context), a {@link
 * io.realtimekit.domain.Result} (its value or failure is the answer), or any other object (the
 * reply's data). A {@link io.realtimekit.domain.DomainException} thrown answers with its code; any
 * other exception answers {@code INTERNAL} and is logged.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface RealtimeEvent {
  /** The client event's name, e.g. {@code visitor:open-chat}. */
  String value();

  /** Roles allowed to send it (any of them); empty allows every authenticated user. */
  String[] roles() default {};
}
