package io.realtimekit.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The Lua scripts of this package, read once from the class path. */
final class Scripts {
  static final String SAVE_USER = read("save-user.lua");
  static final String REMOVE_USER = read("remove-user.lua");
  static final String CAS_FLOOR = read("cas-floor.lua");
  static final String STREAM_APPEND = read("stream-append.lua");
  static final String STREAM_READ = read("stream-read.lua");
  static final String STREAM_POSITION = read("stream-position.lua");
  static final String CAS_CONVERSATION = read("cas-conversation.lua");
  static final String LOCATE_USERS = read("locate-users.lua");
  static final String INBOX_KEEP = read("inbox-keep.lua");
  static final String INBOX_LIST = read("inbox-list.lua");
  static final String INBOX_REMOVE = read("inbox-remove.lua");
  static final String INBOX_EXPIRE = read("inbox-expire.lua");
  static final String STREAM_APPEND_ALL = read("stream-append-all.lua");

  private Scripts() {}

  private static String read(String name) {
    try (InputStream in = Scripts.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing script " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
