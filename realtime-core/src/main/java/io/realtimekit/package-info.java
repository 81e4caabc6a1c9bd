/**
 * realtimekit: the real-time layer of a live-chat and sales product, as an embeddable library.
 * Start at {@link io.realtimekit.Realtime}: build one, start it, mount its {@link
 * io.realtimekit.Realtime#transport() transport} on a WebSocket adapter, and use it from the host
 * application to notify users, query presence and subscribe to domain events.
 */
package io.realtimekit;
