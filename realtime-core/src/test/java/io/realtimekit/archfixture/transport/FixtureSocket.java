package io.realtimekit.archfixture.transport;

/** A stand-in for a class of the transport layer. */
public final class FixtureSocket {}
