/**
 * Presence-aware assignment of visitors to commercials: the {@link
 * io.realtimekit.domain.assignment.SalesFloor} aggregate (one per company), the {@link
 * io.realtimekit.domain.assignment.AssignmentPolicy} SPI and its built-in policies, and the
 * repository of sales floors.
 */
package io.realtimekit.domain.assignment;
