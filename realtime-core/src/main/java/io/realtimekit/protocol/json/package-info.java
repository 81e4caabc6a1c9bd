/**
 * JSON text helpers shared by the wire codecs and the hot paths that write small payloads by hand:
 * {@link io.realtimekit.protocol.json.RawJson} (a payload already written as JSON, and string
 * quoting). Depends on Jackson's string encoder only; the application layer may use it, nothing
 * else of {@code protocol}.
 */
package io.realtimekit.protocol.json;
