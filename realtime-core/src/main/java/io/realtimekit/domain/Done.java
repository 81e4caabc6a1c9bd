package io.realtimekit.domain;

/** The value of a success that has nothing to return. */
public enum Done {
  /** The only value. */
  DONE
}
