/**
 * Micrometer binding of the core's metrics port: {@link
 * io.realtimekit.micrometer.MicrometerRealtimeMetrics}. The module depends on the core and {@code
 * micrometer-core} only, so it serves any container (embedded Jetty, Tomcat, Spring Boot...).
 */
package io.realtimekit.micrometer;
