/** The queries of the real-time context, as records; each names its answer type. */
package io.realtimekit.application.query;
