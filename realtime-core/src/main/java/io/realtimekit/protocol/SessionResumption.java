package io.realtimekit.protocol;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * Recovery by private session id, the way Socket.IO does it ({@code pid} in the CONNECT answer, the
 * offset as the last argument of each kept event, {@code {pid, offset}} in the CONNECT of a
 * reconnecting client), mapped onto a user's event stream (epoch and offset). A protocol that
 * resumes this way gives one through {@link WireFormat#sessionResumption()}; the native protocol
 * sends its position in clear and needs none. Implementations are thread-safe.
 *
 * <p>A private session id is bound to one user's stream at one epoch: it is authenticated for
 * (company, user, epoch), so that it reads nothing once the epoch changed, and proves nothing for
 * another user. It is never a key: streams are read for the token's user only.
 */
public interface SessionResumption {

  /**
   * A new private session id for the session {@code sid} of (company, user), whose state starts
   * after {@code start} of the stream at {@code epoch}.
   */
  String issue(String epoch, String companyId, String userId, String sid, long start);

  /**
   * The session {@code pid} names, when it was issued for this user at this epoch; empty for a pid
   * of another user, of another epoch, malformed or forged.
   */
  Optional<Resumed> verify(String pid, String epoch, String companyId, String userId);

  /**
   * The text a kept event carries as its offset, at {@code offset} of the stream at {@code epoch}.
   */
  String offsetText(String epoch, long offset);

  /**
   * Reads an offset text a client sent back: its offset when it was given in {@code epoch}; empty
   * when it was given in another epoch. Throws {@link IllegalArgumentException} when it is not an
   * offset text at all.
   */
  OptionalLong offset(String text, String epoch);

  /**
   * A session a private session id names.
   *
   * @param sid its public session id
   * @param start the stream offset its state starts after
   */
  record Resumed(String sid, long start) {}
}
