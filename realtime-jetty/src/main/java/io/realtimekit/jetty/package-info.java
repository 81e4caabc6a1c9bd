/**
 * Embedded Jetty 12 (EE10) for realtimekit: {@link io.realtimekit.jetty.RealtimeJetty} serves the
 * WebSocket endpoints on Jetty's core WebSocket API (a leaner path than the portable {@code
 * realtime-jakarta} endpoint, with the same rules), static files, {@code GET /health} and host
 * servlets on one port in a few lines, and {@link io.realtimekit.jetty.RealtimeServer} stops it
 * gracefully.
 */
package io.realtimekit.jetty;
