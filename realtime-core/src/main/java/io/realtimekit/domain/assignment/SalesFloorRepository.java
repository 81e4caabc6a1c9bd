package io.realtimekit.domain.assignment;

import io.realtimekit.domain.CompanyId;

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
}
