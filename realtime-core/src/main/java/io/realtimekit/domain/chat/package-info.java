/**
 * Who may message whom: the {@link io.realtimekit.domain.chat.ChatPolicy} and the default rules.
 */
package io.realtimekit.domain.chat;
