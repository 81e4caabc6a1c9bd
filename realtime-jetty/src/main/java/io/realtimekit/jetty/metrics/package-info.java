/**
 * Micrometer binding of the core's metrics port: {@link
 * io.realtimekit.jetty.metrics.MicrometerRealtimeMetrics}. Needs {@code micrometer-core}, an
 * optional dependency: add it to your application to use this package.
 */
package io.realtimekit.jetty.metrics;
