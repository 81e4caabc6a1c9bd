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

  /**
   * Atomic per company by compare-and-set: the change runs outside any lock (a slow policy or a
   * long batch of one company never holds up another company's floor, as a lock of the map's bin
   * would), and is applied again on the fresher floor when another writer got in first.
   */
  @Override
  public Result<SalesFloor.Change> update(
      CompanyId companyId, Function<SalesFloor, Result<SalesFloor.Change>> change) {
    while (true) {
      SalesFloor current = floors.get(companyId);
      SalesFloor floor = current == null ? SalesFloor.empty(companyId) : current;
      Result<SalesFloor.Change> result = change.apply(floor);
      if (!result.isOk() || result.value().floor() == floor) {
        return result;
      }
      SalesFloor next = result.value().floor();
      boolean stored;
      if (current == null) {
        stored =
            next.isEmpty()
                ? !floors.containsKey(companyId)
                : floors.putIfAbsent(companyId, next) == null;
      } else if (next.isEmpty()) {
        stored = floors.remove(companyId, current);
      } else {
        stored = floors.replace(companyId, current, next);
      }
      if (stored) {
        return result;
      }
    }
  }

  /** How many companies have a floor (empty ones are forgotten). */
  int size() {
    return floors.size();
  }
}
