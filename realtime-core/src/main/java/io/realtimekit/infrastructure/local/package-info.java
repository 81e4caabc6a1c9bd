/**
 * Node-local infrastructure: the registry of this node's sockets, the local {@link
 * io.realtimekit.application.port.DeliveryPort}, and the default scheduler.
 */
package io.realtimekit.infrastructure.local;
