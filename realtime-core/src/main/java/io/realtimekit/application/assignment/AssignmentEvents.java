package io.realtimekit.application.assignment;

/** The wire event names of assignment, as clients emit and receive them. */
public final class AssignmentEvents {
  private AssignmentEvents() {}

  /** To the visitor: it was assigned a commercial. */
  public static final String VISITOR_ASSIGNED = "visitor:assigned";

  /** To the visitor: its assignment ended. */
  public static final String VISITOR_UNASSIGNED = "visitor:unassigned";

  /** To the visitor: it waits in the queue, at a position. */
  public static final String VISITOR_QUEUED = "visitor:queued";

  /** To the commercial: a visitor was assigned to it. */
  public static final String COMMERCIAL_VISITOR_ASSIGNED = "commercial:visitor-assigned";

  /** To the commercial: a visitor of its was unassigned. */
  public static final String COMMERCIAL_VISITOR_UNASSIGNED = "commercial:visitor-unassigned";

  /** To every commercial of the company when offers go to all: a waiting visitor was taken. */
  public static final String COMMERCIAL_VISITOR_TAKEN = "commercial:visitor-taken";

  /** To every commercial of the company when offers go to all: a visitor waits. */
  public static final String COMMERCIAL_VISITOR_OFFERED = "commercial:visitor-offered";

  /** Emitted by a commercial ({@code {visitorId}}): takes a waiting visitor. */
  public static final String CLAIM = "visitor:claim";

  /** Emitted by staff ({@code {visitorId, to}}): moves a visitor to another commercial. */
  public static final String TRANSFER = "visitor:transfer";

  /** Emitted by staff ({@code {visitorId}}): ends a visitor's assignment. */
  public static final String RELEASE = "visitor:release";

  /** Emitted by staff: the company's queue. */
  public static final String QUEUE = "assignment:queue";

  /** Emitted by anyone: the caller's assignment or load. */
  public static final String STATUS = "assignment:status";
}
