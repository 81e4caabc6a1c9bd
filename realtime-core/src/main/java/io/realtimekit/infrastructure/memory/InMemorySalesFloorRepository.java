package io.realtimekit.infrastructure.memory;

import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.assignment.SalesFloor;
import io.realtimekit.domain.assignment.SalesFloorRepository;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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

  /** How many companies have a floor (empty ones are forgotten). */
  int size() {
    return floors.size();
  }
}
