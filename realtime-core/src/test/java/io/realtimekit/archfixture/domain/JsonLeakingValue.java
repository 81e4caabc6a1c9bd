package io.realtimekit.archfixture.domain;

import com.fasterxml.jackson.databind.JsonNode;

/** Planted violation: a domain value holding a serialisation type. */
public record JsonLeakingValue(JsonNode raw) {}
