package io.realtimekit.archfixture.domain;

/**
 * A domain value that breaks no rule, so the fixture's domain package is never empty whatever the
 * planted violations become.
 *
 * @param value anything
 */
public record CleanValue(String value) {}
