/** The runnable example server and its demo page ({@code java -jar realtime-example.jar}). */
package io.realtimekit.examples;
