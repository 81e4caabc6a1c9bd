package io.realtimekit.archfixture.infrastructure;

/** A stand-in for a class of the infrastructure layer. */
public final class FixtureStore {}
