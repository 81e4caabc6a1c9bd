/**
 * Presence-aware assignment of visitors to commercials: {@code AssignVisitor}, {@code
 * ReleaseVisitor}, the assignment queries, announcements and client events. Registered only when
 * the host turns assignment on.
 */
package io.realtimekit.application.assignment;
