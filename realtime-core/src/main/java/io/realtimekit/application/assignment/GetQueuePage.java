package io.realtimekit.application.assignment;

import io.realtimekit.application.bus.Query;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.UserId;
import java.util.List;
import java.util.Objects;

/**
 * A page of a company's queue: at most {@code limit} waiting visitors from 0-based index {@code
 * from} (position {@code from + 1}), read in O(log n + limit) whatever the queue's length.
 *
 * @param companyId the company
 * @param from the 0-based index of the first visitor of the page
 * @param limit the most visitors in the page
 */
public record GetQueuePage(CompanyId companyId, int from, int limit)
    implements Query<GetQueuePage.Page> {
  /** Requires the company and non-negative bounds. */
  public GetQueuePage {
    Objects.requireNonNull(companyId, "companyId");
    if (from < 0 || limit < 0) {
      throw new IllegalArgumentException("from and limit must not be negative");
    }
  }

  /**
   * One page.
   *
   * @param visitors the waiting visitors of the page, next to be served first
   * @param from the 0-based index of the first of them
   * @param length how many visitors wait in all
   */
  public record Page(List<UserId> visitors, int from, int length) {
    /** Copies the list. */
    public Page {
      visitors = List.copyOf(visitors);
    }
  }
}
