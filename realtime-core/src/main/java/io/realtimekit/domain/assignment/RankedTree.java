package io.realtimekit.domain.assignment;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;

/**
 * A persistent (immutable, structure-sharing) sorted map with ranks: a treap whose nodes know the
 * size of their subtree. Every update copies only the path it touches and returns a new tree, so an
 * old {@link SalesFloor} is never changed by a newer one. Lookup, insertion, removal, rank (the
 * number of smaller keys) and access by index take O(log n) expected time; node priorities are
 * random, so the shape does not depend on the keys (ids chosen by clients cannot unbalance it).
 *
 * @param <K> the key
 * @param <V> the value
 */
final class RankedTree<K extends Comparable<K>, V> {
  private static final RankedTree<?, ?> EMPTY = new RankedTree<>(null);

  private record Node<K, V>(
      K key, V value, int priority, Node<K, V> left, Node<K, V> right, int size) {
    static <K, V> Node<K, V> of(K key, V value, int priority, Node<K, V> left, Node<K, V> right) {
      return new Node<>(key, value, priority, left, right, 1 + sizeOf(left) + sizeOf(right));
    }

    Node<K, V> withChildren(Node<K, V> l, Node<K, V> r) {
      return of(key, value, priority, l, r);
    }
  }

  private record Split<K, V>(Node<K, V> less, Node<K, V> rest) {}

  private final Node<K, V> root;

  private RankedTree(Node<K, V> root) {
    this.root = root;
  }

  /** The empty tree. */
  @SuppressWarnings("unchecked")
  static <K extends Comparable<K>, V> RankedTree<K, V> empty() {
    return (RankedTree<K, V>) EMPTY;
  }

  private static int sizeOf(Node<?, ?> n) {
    return n == null ? 0 : n.size;
  }

  /** How many entries. */
  int size() {
    return sizeOf(root);
  }

  boolean isEmpty() {
    return root == null;
  }

  /** The value of {@code key}, or null. */
  V get(K key) {
    Node<K, V> n = root;
    while (n != null) {
      int c = key.compareTo(n.key);
      if (c == 0) {
        return n.value;
      }
      n = c < 0 ? n.left : n.right;
    }
    return null;
  }

  boolean containsKey(K key) {
    return get(key) != null;
  }

  /** How many keys are smaller than {@code key} (its 0-based index when present). */
  int rank(K key) {
    int r = 0;
    Node<K, V> n = root;
    while (n != null) {
      int c = key.compareTo(n.key);
      if (c <= 0) {
        if (c == 0) {
          return r + sizeOf(n.left);
        }
        n = n.left;
      } else {
        r += sizeOf(n.left) + 1;
        n = n.right;
      }
    }
    return r;
  }

  /** The smallest key, or null when empty. */
  K firstKey() {
    Node<K, V> n = root;
    if (n == null) {
      return null;
    }
    while (n.left != null) {
      n = n.left;
    }
    return n.key;
  }

  /** The value at 0-based index {@code index} in key order. */
  V valueAt(int index) {
    Objects.checkIndex(index, size());
    Node<K, V> n = root;
    while (true) {
      int l = sizeOf(n.left);
      if (index < l) {
        n = n.left;
      } else if (index == l) {
        return n.value;
      } else {
        index -= l + 1;
        n = n.right;
      }
    }
  }

  /**
   * The tree with {@code key} mapped to {@code value} (replacing any previous value). Value not
   * null.
   */
  RankedTree<K, V> put(K key, V value) {
    Objects.requireNonNull(value, "value");
    if (containsKey(key)) {
      return new RankedTree<>(replace(root, key, value));
    }
    Split<K, V> s = split(root, key);
    Node<K, V> single = Node.of(key, value, ThreadLocalRandom.current().nextInt(), null, null);
    return new RankedTree<>(merge(merge(s.less, single), s.rest));
  }

  /** The tree without {@code key} (this tree when absent). */
  RankedTree<K, V> remove(K key) {
    if (!containsKey(key)) {
      return this;
    }
    return new RankedTree<>(delete(root, key));
  }

  /** Values in key order, from 0-based {@code from}, at most {@code limit} of them. */
  List<V> values(int from, int limit) {
    List<V> out = new ArrayList<>(Math.max(0, Math.min(limit, size() - from)));
    collect(root, from, limit, out);
    return out;
  }

  /** Every entry in key order. */
  void forEach(BiConsumer<K, V> action) {
    walk(root, action);
  }

  private static <K, V> void walk(Node<K, V> n, BiConsumer<K, V> action) {
    while (n != null) {
      walk(n.left, action);
      action.accept(n.key, n.value);
      n = n.right;
    }
  }

  /**
   * Appends the values of {@code n} at indexes {@code from ..} until {@code out} holds {@code
   * limit}.
   */
  private static <K, V> void collect(Node<K, V> n, int from, int limit, List<V> out) {
    while (n != null && out.size() < limit) {
      int l = sizeOf(n.left);
      if (from < l) {
        collect(n.left, from, limit, out);
        from = 0;
      } else {
        from -= l;
      }
      if (out.size() >= limit) {
        return;
      }
      if (from == 0) {
        out.add(n.value);
      } else {
        from--;
      }
      n = n.right;
    }
  }

  private static <K extends Comparable<K>, V> Node<K, V> replace(Node<K, V> n, K key, V value) {
    int c = key.compareTo(n.key);
    if (c == 0) {
      return new Node<>(n.key, value, n.priority, n.left, n.right, n.size);
    }
    return c < 0
        ? n.withChildren(replace(n.left, key, value), n.right)
        : n.withChildren(n.left, replace(n.right, key, value));
  }

  private static <K extends Comparable<K>, V> Node<K, V> delete(Node<K, V> n, K key) {
    int c = key.compareTo(n.key);
    if (c == 0) {
      return merge(n.left, n.right);
    }
    return c < 0
        ? n.withChildren(delete(n.left, key), n.right)
        : n.withChildren(n.left, delete(n.right, key));
  }

  /** Splits into keys smaller than {@code key} and the others. */
  private static <K extends Comparable<K>, V> Split<K, V> split(Node<K, V> n, K key) {
    if (n == null) {
      return new Split<>(null, null);
    }
    if (n.key.compareTo(key) < 0) {
      Split<K, V> s = split(n.right, key);
      return new Split<>(n.withChildren(n.left, s.less), s.rest);
    }
    Split<K, V> s = split(n.left, key);
    return new Split<>(s.less, n.withChildren(s.rest, n.right));
  }

  /** Joins two trees, every key of {@code a} smaller than every key of {@code b}. */
  private static <K, V> Node<K, V> merge(Node<K, V> a, Node<K, V> b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    if (a.priority >= b.priority) {
      return a.withChildren(a.left, merge(a.right, b));
    }
    return b.withChildren(merge(a, b.left), b.right);
  }
}
