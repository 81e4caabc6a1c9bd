/**
 * The application-facing types of the Spring Boot starter: the {@code realtime.*} properties
 * ({@link io.realtimekit.spring.boot.RealtimeProperties}), the {@link
 * io.realtimekit.spring.boot.RealtimeEvent} annotation for client-event handlers, and {@link
 * io.realtimekit.spring.boot.RealtimeBuilderCustomizer}. The auto-configuration itself is in {@code
 * io.realtimekit.spring.boot.autoconfigure}.
 */
package io.realtimekit.spring.boot;
