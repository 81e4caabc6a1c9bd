/**
 * The auto-configurations of the starter (listed in {@code
 * META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports}) and the beans
 * they declare: the Realtime and its overridable collaborators, its lifecycle, the servlet mount,
 * cluster mode, Micrometer metrics and the Actuator health contributor.
 */
package io.realtimekit.spring.boot.autoconfigure;
