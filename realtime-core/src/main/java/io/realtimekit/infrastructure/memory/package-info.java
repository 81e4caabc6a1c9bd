/**
 * In-memory adapters of the core's ports: the defaults a single-node deployment runs with, and the
 * reference implementations every other adapter is compared against by the contract suites.
 */
package io.realtimekit.infrastructure.memory;
