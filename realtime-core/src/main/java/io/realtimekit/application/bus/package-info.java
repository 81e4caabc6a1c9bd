/**
 * The three buses of the CQRS application layer. Typed ({@link
 * io.realtimekit.application.bus.Command} carries its result type), handlers registered explicitly
 * by class, one handler per command or query type (a duplicate is an error), many per event type,
 * one-method middleware, and an {@link io.realtimekit.application.bus.Registration} to undo every
 * registration.
 */
package io.realtimekit.application.bus;
