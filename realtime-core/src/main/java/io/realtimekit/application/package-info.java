/**
 * The application layer: command and query handlers, the services reacting to domain events
 * (presence announcements), and the client-event routing. Depends on the domain and on ports
 * only.
 */
package io.realtimekit.application;
