package io.realtimekit.domain;

import java.util.Objects;
import java.util.function.Function;

/**
 * The outcome of an operation that can be refused: a value, or a typed {@link Failure}. Never null,
 * and neither side holds null.
 *
 * @param <T> the type of the value on success
 */
public sealed interface Result<T> {

  /** A success holding {@code value}. */
  static <T> Result<T> ok(T value) {
    return new Ok<>(value);
  }

  /** A refusal with {@code code} and a client-safe {@code message}. */
  static <T> Result<T> failure(ErrorCode code, String message) {
    return new Err<>(new Failure(code, message));
  }

  /** A refusal carrying an existing {@link Failure}. */
  static <T> Result<T> failure(Failure failure) {
    return new Err<>(failure);
  }

  /** True for {@link Ok}. */
  default boolean isOk() {
    return this instanceof Ok;
  }

  /** The value of an {@link Ok}; throws {@link IllegalStateException} on a failure. */
  default T value() {
    if (this instanceof Ok<T> ok) {
      return ok.get();
    }
    throw new IllegalStateException("not a success: " + ((Err<T>) this).failure());
  }

  /** The failure of an {@link Err}; throws {@link IllegalStateException} on a success. */
  default Failure failure() {
    if (this instanceof Err<T> err) {
      return err.error();
    }
    throw new IllegalStateException("not a failure");
  }

  /** Maps the value of a success; a failure passes through unchanged. */
  default <U> Result<U> map(Function<? super T, ? extends U> mapper) {
    if (this instanceof Ok<T> ok) {
      return new Ok<>(mapper.apply(ok.get()));
    }
    return new Err<>(((Err<T>) this).error());
  }

  /**
   * A success.
   *
   * @param get the value, never null
   * @param <T> its type
   */
  record Ok<T>(T get) implements Result<T> {
    /** Rejects null. */
    public Ok {
      Objects.requireNonNull(get, "a success needs a value (use Done.DONE for none)");
    }
  }

  /**
   * A refusal.
   *
   * @param error why
   * @param <T> the type a success would have had
   */
  record Err<T>(Failure error) implements Result<T> {
    /** Rejects null. */
    public Err {
      Objects.requireNonNull(error, "error");
    }
  }
}
