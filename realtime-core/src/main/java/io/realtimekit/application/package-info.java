/**
 * The application layer, by feature: {@code connection}, {@code chat}, {@code presence}, {@code
 * notification} and {@code assignment}, each with its commands, queries, handlers, announcers,
 * client events and wire event names. Shared by every feature: the buses ({@code bus}), the ports
 * ({@code port}), the client-event routing ({@code clientevent}) and the few helpers of this
 * package. Depends on the domain and on ports only.
 */
package io.realtimekit.application;
