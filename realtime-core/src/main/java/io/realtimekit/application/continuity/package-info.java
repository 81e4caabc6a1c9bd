/**
 * Message continuity: every event worth keeping that is pushed to a user is kept once in that
 * user's stream ({@link io.realtimekit.application.port.UserEventStreams}) and carries its offset,
 * so that a socket that reconnects recovers what it missed.
 */
package io.realtimekit.application.continuity;
