/**
 * Wire protocols: the native protocol v1 codec (UTF-8 JSON text frames) and the close codes. Parse
 * results are values, never exceptions: every malformed input maps to an error code and, where the
 * specification says so, a close code.
 */
package io.realtimekit.protocol;
