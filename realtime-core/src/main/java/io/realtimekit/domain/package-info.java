/**
 * The real-time bounded context's model: the {@link io.realtimekit.domain.ConnectionUser}
 * aggregate, its value objects, the {@link io.realtimekit.domain.ConnectionRepository} SPI and the
 * typed {@link io.realtimekit.domain.Result} every fallible operation returns. No framework,
 * transport or serialisation class is imported here.
 */
package io.realtimekit.domain;
