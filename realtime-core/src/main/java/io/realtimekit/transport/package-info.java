/**
 * The transport-facing API: what a WebSocket adapter implements ({@link
 * io.realtimekit.transport.TransportConnection}) and what it calls ({@link
 * io.realtimekit.transport.InboundHandler}), so that an adapter (Jakarta, Jetty, a test double) is
 * a thin translation of its container's callbacks. Also the per-connection machinery the core runs
 * on top: the bounded outbound queue and the rate limiter.
 */
package io.realtimekit.transport;
