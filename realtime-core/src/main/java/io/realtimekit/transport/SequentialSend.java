package io.realtimekit.transport;

import java.util.List;

/**
 * The default {@link TransportConnection#sendTexts}: one {@link TransportConnection#sendText} after
 * the other, each started when the previous one completed, one report at the end. Completions that
 * happen inline continue the loop instead of recursing.
 */
final class SequentialSend implements SendCallback {
  private final TransportConnection connection;
  private final List<String> texts;
  private final SendCallback done;
  private int next;

  /** Set by a completion that happened inside {@code sendText}: the loop continues. */
  private boolean completedInline;

  private boolean inSend;

  SequentialSend(TransportConnection connection, List<String> texts, SendCallback done) {
    this.connection = connection;
    this.texts = texts;
    this.done = done;
  }

  void next() {
    while (true) {
      String text;
      synchronized (this) {
        if (next == texts.size()) {
          break;
        }
        text = texts.get(next++);
        inSend = true;
        completedInline = false;
      }
      try {
        connection.sendText(text, this);
      } catch (RuntimeException e) {
        done.failed(e);
        return;
      }
      synchronized (this) {
        inSend = false;
        if (!completedInline) {
          return; // the completion, later, continues
        }
      }
    }
    done.succeeded();
  }

  @Override
  public void succeeded() {
    synchronized (this) {
      if (inSend) {
        completedInline = true;
        return;
      }
    }
    next();
  }

  @Override
  public void failed(Throwable cause) {
    done.failed(cause);
  }
}
