package io.realtimekit.examples;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Map;

/**
 * Decides whether the example serves {@code /dev/token}, which mints a token for anyone who asks.
 *
 * <p>{@code REALTIME_DEV_TOKENS=on} turns it on, {@code off} turns it off; unset, it is on only
 * when the server listens on a loopback address (the default {@code HOST=127.0.0.1}), so a server
 * reachable from other machines never mints tokens unless someone asked for it by name.
 */
final class DevTokenSwitch {
  static final String VARIABLE = "REALTIME_DEV_TOKENS";

  private DevTokenSwitch() {}

  /** True when {@code /dev/token} is to be served for this environment and listening host. */
  static boolean enabled(Map<String, String> env, String host) {
    String value = env.getOrDefault(VARIABLE, "").trim().toLowerCase(Locale.ROOT);
    switch (value) {
      case "on":
      case "true":
        return true;
      case "off":
      case "false":
        return false;
      case "":
        return isLoopback(host);
      default:
        throw new IllegalArgumentException(VARIABLE + " must be on or off, not '" + value + "'");
    }
  }

  private static boolean isLoopback(String host) {
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    try {
      // only literal addresses: a host name is not resolved (no DNS at start-up)
      if (!host.isEmpty() && (Character.digit(host.charAt(0), 16) >= 0 || host.contains(":"))) {
        return InetAddress.getByName(host).isLoopbackAddress();
      }
      return false;
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
