package io.realtimekit.domain.assignment;

import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Result;
import java.util.function.Function;

/**
 * Where sales floors live, one per company.
 *
 * <p>Contract: thread-safe; {@link #load} never returns null (an empty floor for an unknown
 * company); the application serialises the changes to one company, so {@link #save} is
 * last-writer-wins; saving an {@link SalesFloor#isEmpty() empty} floor may forget it.
 */
public interface SalesFloorRepository {

  /** The company's floor, or an empty one. */
  SalesFloor load(CompanyId companyId);

  /** Stores the company's floor. */
  void save(SalesFloor floor);

  /**
   * Applies {@code change} to the company's current floor and stores the result, atomically with
   * respect to every writer of the store (other nodes of a cluster included). {@code change} must
   * be a pure function of the floor: a shared store may call it again on a fresher floor when
   * another writer got in first. A failed result stores nothing.
   *
   * <p>The default loads, applies and saves, which is atomic only when the caller serialises the
   * changes to one company (the single-node case); a shared store overrides it.
   *
   * @return the change that was stored, or the failure {@code change} returned
   */
  default Result<SalesFloor.Change> update(
      CompanyId companyId, Function<SalesFloor, Result<SalesFloor.Change>> change) {
    SalesFloor floor = load(companyId);
    Result<SalesFloor.Change> result = change.apply(floor);
    if (result.isOk() && result.value().floor() != floor) {
      save(result.value().floor());
    }
    return result;
  }
}
