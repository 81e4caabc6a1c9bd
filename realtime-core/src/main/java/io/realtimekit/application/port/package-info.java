/**
 * Ports (SPIs) of the application layer: what the core needs from the outside world, each a small
 * interface with a documented contract. In-memory or library implementations live in {@code
 * io.realtimekit.infrastructure}; the cluster engine supplies others.
 */
package io.realtimekit.application.port;
