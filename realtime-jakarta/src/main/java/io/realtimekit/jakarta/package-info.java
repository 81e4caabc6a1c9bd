/**
 * The Jakarta WebSocket adapter: one {@link jakarta.websocket.Endpoint} ({@link
 * io.realtimekit.jakarta.RealtimeEndpoint}) and its configuration ({@link
 * io.realtimekit.jakarta.RealtimeEndpointConfig}) that run the native protocol in any Jakarta
 * WebSocket 2.1+ container. It translates container callbacks to the core's transport-facing API
 * and does nothing else: the protocol, authentication, rate limits and the outbound queue live in
 * the core.
 */
package io.realtimekit.jakarta;
