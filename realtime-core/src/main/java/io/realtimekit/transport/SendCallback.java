package io.realtimekit.transport;

/** Completion of one asynchronous write. Exactly one method is called, once, on any thread. */
public interface SendCallback {

  /** The frame was handed to the network. */
  void succeeded();

  /** The frame could not be written; the connection is unusable. */
  void failed(Throwable cause);
}
