package io.realtimekit.archfixture.protocol;

/** A stand-in for a class of the protocol layer. */
public final class FixtureCodec {}
