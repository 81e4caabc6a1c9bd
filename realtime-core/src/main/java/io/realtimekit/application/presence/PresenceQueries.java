package io.realtimekit.application.presence;

import io.realtimekit.application.bus.QueryBus;
import io.realtimekit.application.bus.Registration;
import io.realtimekit.domain.ConnectionRepository;
import io.realtimekit.domain.ConnectionUser;
import io.realtimekit.domain.Criteria;
import io.realtimekit.domain.Role;
import java.util.List;

/** Answers the presence queries from the repository's indexes. */
final class PresenceQueries {
  private final ConnectionRepository repository;

  /**
   * @param repository where users live
   */
  PresenceQueries(ConnectionRepository repository) {
    this.repository = repository;
  }

  /** Registers the handlers on {@code bus}. */
  Registration registerOn(QueryBus bus) {
    List<Registration> regs =
        List.of(
            bus.register(
                IsUserConnected.class,
                q ->
                    repository
                        .findOne(Criteria.byUserId(q.userId()))
                        .map(ConnectionUser::isConnected)
                        .orElse(false)),
            bus.register(
                FindConnectedUsers.class,
                q -> {
                  Criteria c = Criteria.inCompany(q.companyId()).connected(true);
                  return repository.find(q.role().map(c::withRole).orElse(c));
                }),
            bus.register(
                FindUserConnections.class,
                q ->
                    repository
                        .findOne(Criteria.byUserId(q.userId()))
                        .map(u -> List.copyOf(u.connections()))
                        .orElse(List.of())),
            bus.register(
                GetAvailableCommercials.class,
                q ->
                    repository.find(
                        Criteria.inCompany(q.companyId())
                            .withRole(Role.COMMERCIAL)
                            .connected(true))));
    return () -> regs.forEach(Registration::close);
  }
}
