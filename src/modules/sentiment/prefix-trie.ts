interface TrieNode<T> {
  next: Map<number, TrieNode<T>> | null;
  value: T | undefined;
}

/** Character trie answering "which stored keys are prefixes of this token". */
export class PrefixTrie<T> {
  private readonly root: TrieNode<T> = { next: null, value: undefined };

  get(key: string): T | undefined {
    let node: TrieNode<T> | undefined = this.root;
    for (let i = 0; i < key.length && node; i++) node = node.next?.get(key.charCodeAt(i));
    return node?.value;
  }

  set(key: string, value: T): void {
    let node = this.root;
    for (let i = 0; i < key.length; i++) {
      const c = key.charCodeAt(i);
      if (node.next === null) node.next = new Map();
      let child = node.next.get(c);
      if (child === undefined) {
        child = { next: null, value: undefined };
        node.next.set(c, child);
      }
      node = child;
    }
    node.value = value;
  }

  /** Value of the longest stored key that `token` starts with. */
  longest(token: string, minLength: number): T | undefined {
    let node: TrieNode<T> | undefined = this.root;
    let found: T | undefined;
    for (let i = 0; i < token.length; i++) {
      node = node.next?.get(token.charCodeAt(i));
      if (node === undefined) break;
      if (node.value !== undefined && i + 1 >= minLength) found = node.value;
    }
    return found;
  }

  /** Visits every stored key with its value. */
  forEach(visit: (key: string, value: T) => void): void {
    const walk = (node: TrieNode<T>, prefix: string): void => {
      if (node.value !== undefined) visit(prefix, node.value);
      node.next?.forEach((child, c) => walk(child, prefix + String.fromCharCode(c)));
    };
    walk(this.root, '');
  }

  /** Pushes the values of every stored key that `token` starts with; returns the new length. */
  collect(token: string, out: T[], length: number): number {
    let node: TrieNode<T> | undefined = this.root;
    let n = length;
    for (let i = 0; i < token.length; i++) {
      node = node.next?.get(token.charCodeAt(i));
      if (node === undefined) break;
      if (node.value !== undefined) out[n++] = node.value;
    }
    return n;
  }
}
