/**
 * Notifications pushed by the host application to a user, the holders of a role, or a whole company
 * ({@code NotifyUser}, {@code NotifyRole}, {@code NotifyCompany}).
 */
package io.realtimekit.application.notification;
