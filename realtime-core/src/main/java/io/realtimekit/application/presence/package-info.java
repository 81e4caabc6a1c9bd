/**
 * Presence: who is online ({@code IsUserConnected}, {@code FindConnectedUsers}, {@code
 * FindUserConnections}, {@code GetAvailableCommercials}), presence announcements and the {@code
 * presence:list} snapshot with its diffs.
 */
package io.realtimekit.application.presence;
