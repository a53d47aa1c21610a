/**
 * Containers that call `onChange` whenever something is added, replaced or removed, so the store
 * knows it changed without every route having to say so (see Store.changes). Edits inside a
 * record they hold are not seen: code that edits a record in place calls Store.touch().
 */
export class TrackedMap<K, V> extends Map<K, V> {
  readonly #onChange: () => void;

  constructor(onChange: () => void) {
    super();
    this.#onChange = onChange;
  }

  override set(key: K, value: V): this {
    this.#onChange();
    return super.set(key, value);
  }

  /** Sets without counting a change: for an empty record made on first read. */
  setQuietly(key: K, value: V): this {
    return super.set(key, value);
  }

  override delete(key: K): boolean {
    const had = super.delete(key);
    if (had) this.#onChange();
    return had;
  }

  override clear(): void {
    if (this.size > 0) this.#onChange();
    super.clear();
  }
}

/**
 * An array whose mutating methods count a change. Its derived arrays (map, filter, slice,
 * structuredClone) are plain arrays. Assigning an element by index is not seen; push and splice are.
 */
export class TrackedList<T> extends Array<T> {
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }

  #onChange: () => void = () => {};

  /** A tracked copy of `items`. */
  static tracking<T>(items: readonly T[], onChange: () => void): TrackedList<T> {
    const list = new TrackedList<T>();
    for (const item of items) list.push(item);
    list.#onChange = onChange;
    return list;
  }

  override push(...items: T[]): number {
    this.#onChange();
    return super.push(...items);
  }

  override pop(): T | undefined {
    if (this.length > 0) this.#onChange();
    return super.pop();
  }

  override shift(): T | undefined {
    if (this.length > 0) this.#onChange();
    return super.shift();
  }

  override unshift(...items: T[]): number {
    this.#onChange();
    return super.unshift(...items);
  }

  override splice(start: number, deleteCount?: number, ...items: T[]): T[] {
    this.#onChange();
    return deleteCount === undefined ? super.splice(start) : super.splice(start, deleteCount, ...items);
  }

  override sort(compare?: (a: T, b: T) => number): this {
    this.#onChange();
    return super.sort(compare);
  }

  override reverse(): T[] {
    this.#onChange();
    return super.reverse();
  }

  override fill(value: T, start?: number, end?: number): this {
    this.#onChange();
    return super.fill(value, start, end);
  }

  override copyWithin(target: number, start: number, end?: number): this {
    this.#onChange();
    return super.copyWithin(target, start, end);
  }
}
