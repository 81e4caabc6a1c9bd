package io.realtimekit.domain;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a user is in its company. The library knows {@link #VISITOR}, {@link #COMMERCIAL} and {@link
 * #ADMIN}; the set is open, and a host application may use roles of its own (which {@link
 * io.realtimekit.domain.RoleCatalog} then accepts).
 *
 * @param name lower-case letters, digits, {@code _} and {@code -}, starting with a letter, 1 to 32
 *     characters
 */
public record Role(String name) {
  private static final Pattern SHAPE = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

  /** A website visitor. */
  public static final Role VISITOR = new Role("visitor");

  /** A sales agent. */
  public static final Role COMMERCIAL = new Role("commercial");

  /** A company administrator. */
  public static final Role ADMIN = new Role("admin");

  /** Validates the shape; throws {@link DomainException} otherwise. */
  public Role {
    if (name == null || !SHAPE.matcher(name).matches()) {
      throw DomainException.invalid(
          "role must be 1 to 32 lower-case letters, digits, '_' or '-', starting with a letter");
    }
  }

  /** Shorthand for {@code new Role(name)}. */
  public static Role of(String name) {
    return new Role(name);
  }

  /**
   * True when {@code roles} is exactly {@link #VISITOR}: a website visitor holding no other role.
   * The one meaning of "visitor" for the library's rules (presence visibility, chat, queueing for
   * assignment); a user holding any other role as well is treated as staff.
   */
  public static boolean isOnlyVisitor(Set<Role> roles) {
    return roles.size() == 1 && roles.contains(VISITOR);
  }

  @Override
  public String toString() {
    return name;
  }
}
