package io.realtimekit.application.assignment;

import io.realtimekit.application.bus.Registration;
import io.realtimekit.application.clientevent.ClientEventContext;
import io.realtimekit.application.clientevent.ClientEventRouter;
import io.realtimekit.application.clientevent.Paging;
import io.realtimekit.application.clientevent.Payloads;
import io.realtimekit.application.clientevent.RoleGuard;
import io.realtimekit.domain.DomainException;
import io.realtimekit.domain.ErrorCode;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import io.realtimekit.domain.UserIdScope;
import io.realtimekit.domain.assignment.Seat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Client events of assignment, registered when assignment is on: {@code visitor:claim {visitorId}}
 * (a commercial takes a waiting visitor), {@code visitor:transfer {visitorId, to}}, {@code
 * visitor:release {visitorId}}, {@code assignment:queue {limit?, cursor?}} (paged) and {@code
 * assignment:status}. A commercial acts on its own visitors only; an admin on any of its company.
 */
final class AssignmentClientEvents {
  private AssignmentClientEvents() {}

  /** Registers the events on {@code router}. */
  static Registration registerOn(ClientEventRouter router) {
    RoleGuard staff = RoleGuard.anyOf(Role.COMMERCIAL, Role.ADMIN);
    UserIdScope ids = router.userIds();
    List<Registration> regs =
        List.of(
            router.on(
                AssignmentEvents.CLAIM,
                RoleGuard.anyOf(Role.COMMERCIAL),
                ctx -> {
                  UserId visitor =
                      ids.named(ctx.caller().companyId(), Payloads.text(ctx.data(), "visitorId"));
                  ctx.answer(
                      ctx.send(
                              new AssignVisitor(
                                  ctx.caller().companyId(), visitor, ctx.caller().userId()))
                          .map(
                              f ->
                                  Map.of(
                                      "visitorId",
                                      visitor.value(),
                                      "commercialId",
                                      ctx.caller().userId().value())));
                }),
            router.on(
                AssignmentEvents.TRANSFER,
                staff,
                ctx -> {
                  UserId visitor =
                      ids.named(ctx.caller().companyId(), Payloads.text(ctx.data(), "visitorId"));
                  UserId to = ids.named(ctx.caller().companyId(), Payloads.text(ctx.data(), "to"));
                  requireOwnVisitor(ctx, visitor);
                  ctx.answer(
                      ctx.send(new AssignVisitor(ctx.caller().companyId(), visitor, to))
                          .map(
                              f ->
                                  Map.of(
                                      "visitorId", visitor.value(), "commercialId", to.value())));
                }),
            router.on(
                AssignmentEvents.RELEASE,
                staff,
                ctx -> {
                  UserId visitor =
                      ids.named(ctx.caller().companyId(), Payloads.text(ctx.data(), "visitorId"));
                  requireOwnVisitor(ctx, visitor);
                  ctx.answer(
                      ctx.send(new ReleaseVisitor(ctx.caller().companyId(), visitor))
                          .map(f -> Map.of("visitorId", visitor.value())));
                }),
            router.on(AssignmentEvents.QUEUE, staff, AssignmentClientEvents::queuePage),
            router.on(
                AssignmentEvents.STATUS,
                RoleGuard.anyone(),
                ctx -> {
                  Map<String, Object> status = new LinkedHashMap<>();
                  UserId me = ctx.caller().userId();
                  if (ctx.caller().hasRole(Role.COMMERCIAL)) {
                    Optional<Seat> seat =
                        ctx.ask(new GetCommercialLoad(ctx.caller().companyId(), me));
                    status.put("capacity", seat.map(Seat::capacity).orElse(0));
                    status.put(
                        "visitors",
                        seat.map(s -> s.visitors().stream().map(UserId::value).toList())
                            .orElse(List.of()));
                  } else {
                    ctx.ask(new GetAssignment(ctx.caller().companyId(), me))
                        .ifPresent(c -> status.put("commercialId", c.value()));
                    ctx.ask(new GetQueuePosition(ctx.caller().companyId(), me))
                        .ifPresent(p -> status.put("position", p));
                  }
                  ctx.reply(status);
                }));
    return () -> regs.forEach(Registration::close);
  }

  /**
   * {@code assignment:queue {limit?, cursor?}}: a page of the company's queue, next first, as
   * {@code {queue: [{visitorId, position}], length, nextCursor}} ({@code nextCursor} null on the
   * last page). The cursor is a position: a queue that moves between pages may repeat or skip a
   * visitor.
   */
  private static void queuePage(ClientEventContext ctx) {
    int limit = Paging.limit(ctx.data());
    String cursor = Paging.cursor(ctx.data(), "q");
    int from;
    try {
      from = cursor == null ? 0 : Integer.parseInt(cursor);
    } catch (NumberFormatException e) {
      throw DomainException.invalid("\"cursor\" is not a cursor of this list");
    }
    if (from < 0) {
      throw DomainException.invalid("\"cursor\" is not a cursor of this list");
    }
    GetQueuePage.Page page = ctx.ask(new GetQueuePage(ctx.caller().companyId(), from, limit));
    int budget = Paging.budget(ctx.maxReplyBytes());
    List<Map<String, Object>> queue = new ArrayList<>(page.visitors().size());
    for (UserId v : page.visitors()) {
      if ((budget -= Paging.jsonBytes(v.value()) + 40) < 0) {
        if (queue.isEmpty()) {
          throw Paging.tooSmall();
        }
        break;
      }
      queue.add(Map.of("visitorId", v.value(), "position", from + queue.size() + 1));
    }
    int next = from + queue.size();
    Map<String, Object> reply = new LinkedHashMap<>();
    reply.put("queue", queue);
    reply.put("length", page.length());
    reply.put(
        "nextCursor", next < page.length() ? Paging.cursorOf("q", Integer.toString(next)) : null);
    ctx.reply(reply);
  }

  private static void requireOwnVisitor(ClientEventContext ctx, UserId visitor) {
    if (ctx.caller().hasRole(Role.ADMIN)) {
      return;
    }
    Optional<UserId> owner = ctx.ask(new GetAssignment(ctx.caller().companyId(), visitor));
    if (owner.isEmpty() || !owner.get().equals(ctx.caller().userId())) {
      throw new DomainException(ErrorCode.FORBIDDEN, "this visitor is not assigned to you");
    }
  }
}
