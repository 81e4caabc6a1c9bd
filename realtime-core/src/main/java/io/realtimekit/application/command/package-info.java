/** The commands of the real-time context, as records; each names its result type. */
package io.realtimekit.application.command;
