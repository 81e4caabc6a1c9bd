/**
 * Embedded Jetty 12 (EE10) for realtimekit: {@link io.realtimekit.jetty.RealtimeJetty} mounts the
 * {@code realtime-jakarta} endpoint, static files, {@code GET /health} and host servlets on one
 * port in a few lines, and {@link io.realtimekit.jetty.RealtimeServer} stops it gracefully.
 */
package io.realtimekit.jetty;
