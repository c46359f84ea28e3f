/** What the heap needs of an entry: its due time, and a slot where it keeps its own index. */
export interface HeapEntry {
  dueAt: number;
  heapIndex: number;
}

/** A binary min-heap of entries by due time, each entry knowing its index, for O(log n) updates. */
export class DueHeap<Entry extends HeapEntry> {
  private readonly items: Entry[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): Entry | undefined {
    return this.items[0];
  }

  push(entry: Entry): void {
    entry.heapIndex = this.items.length;
    this.items.push(entry);
    this.up(entry.heapIndex);
  }

  pop(): Entry | undefined {
    const top = this.items[0];
    if (top !== undefined) this.remove(top);
    return top;
  }

  remove(entry: Entry): void {
    const index = entry.heapIndex;
    if (index < 0 || this.items[index] !== entry) return;
    const last = this.items.pop() as Entry;
    entry.heapIndex = -1;
    if (last === entry) return;
    this.items[index] = last;
    last.heapIndex = index;
    this.down(index);
    this.up(last.heapIndex);
  }

  private swap(a: number, b: number): void {
    const first = this.items[a] as Entry;
    const second = this.items[b] as Entry;
    this.items[a] = second;
    this.items[b] = first;
    second.heapIndex = a;
    first.heapIndex = b;
  }

  private up(index: number): void {
    let child = index;
    while (child > 0) {
      const parent = (child - 1) >> 1;
      if ((this.items[parent] as Entry).dueAt <= (this.items[child] as Entry).dueAt) break;
      this.swap(parent, child);
      child = parent;
    }
  }

  private down(index: number): void {
    let parent = index;
    for (;;) {
      const left = parent * 2 + 1;
      const right = left + 1;
      let smallest = parent;
      if (left < this.items.length && (this.items[left] as Entry).dueAt < (this.items[smallest] as Entry).dueAt)
        smallest = left;
      if (right < this.items.length && (this.items[right] as Entry).dueAt < (this.items[smallest] as Entry).dueAt)
        smallest = right;
      if (smallest === parent) return;
      this.swap(parent, smallest);
      parent = smallest;
    }
  }
}
