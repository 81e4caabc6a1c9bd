package io.realtimekit.archfixture.application;

/**
 * A stand-in for a command of the application layer; breaks no rule itself.
 *
 * @param name anything
 */
public record FixtureCommand(String name) {}
