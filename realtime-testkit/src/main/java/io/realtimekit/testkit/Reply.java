package io.realtimekit.testkit;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The server's reply to an emitted event with an id.
 *
 * @param id the id the client sent
 * @param ok whether the event succeeded
 * @param data the reply's {@code data} (a missing node when absent)
 * @param errorCode the error's {@code code} when not ok, else null
 * @param errorMessage the error's {@code message} when not ok, else null
 * @param raw the whole reply frame
 */
public record Reply(
    long id, boolean ok, JsonNode data, String errorCode, String errorMessage, JsonNode raw) {}
