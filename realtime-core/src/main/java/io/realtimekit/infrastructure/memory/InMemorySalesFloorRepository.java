package io.realtimekit.infrastructure.memory;

import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Result;
import io.realtimekit.domain.assignment.SalesFloor;
import io.realtimekit.domain.assignment.SalesFloorRepository;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** The default {@link SalesFloorRepository}: one map entry per company with anyone on its floor. */
public final class InMemorySalesFloorRepository implements SalesFloorRepository {
  private final Map<CompanyId, SalesFloor> floors = new ConcurrentHashMap<>();

  /** An empty repository. */
  public InMemorySalesFloorRepository() {}

  @Override
  public SalesFloor load(CompanyId companyId) {
    SalesFloor floor = floors.get(companyId);
    return floor == null ? SalesFloor.empty(companyId) : floor;
  }

  @Override
  public void save(SalesFloor floor) {
    if (floor.isEmpty()) {
      floors.remove(floor.companyId());
    } else {
      floors.put(floor.companyId(), floor);
    }
  }

  /** Atomic per company (the map's own lock). */
  @Override
  public Result<SalesFloor.Change> update(CompanyId companyId,
      Function<SalesFloor, Result<SalesFloor.Change>> change) {
    @SuppressWarnings("unchecked")
    Result<SalesFloor.Change>[] out = new Result[1];
    floors.compute(companyId, (id, current) -> {
      SalesFloor floor = current == null ? SalesFloor.empty(id) : current;
      out[0] = change.apply(floor);
      if (!out[0].isOk()) {
        return current;
      }
      SalesFloor next = out[0].value().floor();
      return next.isEmpty() ? null : next;
    });
    return out[0];
  }

  /** How many companies have a floor (empty ones are forgotten). */
  int size() {
    return floors.size();
  }
}
