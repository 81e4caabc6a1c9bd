/**
 * Domain events: immutable records of what happened in the real-time context. The host application
 * subscribes to them through the event bus; this is how other bounded contexts integrate.
 */
package io.realtimekit.domain.event;
