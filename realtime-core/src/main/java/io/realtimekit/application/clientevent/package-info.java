/**
 * Client events: what a connected client emits ({@code chat:message}, {@code presence:list}, the
 * host application's own events), routed by name to one handler each, behind a role guard. The same
 * handlers serve every wire protocol.
 */
package io.realtimekit.application.clientevent;
