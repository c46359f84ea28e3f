// The scheduler's heap: whatever the order of pushes, removals and pops, the next entry out is
// the one due first (the agent's renewals of 10,000 accounts go through it ~350 times a second).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { DueHeap } from '../../app/scheduler/due-heap';

interface Item {
  id: number;
  dueAt: number;
  heapIndex: number;
}

type Operation = { push: number } | { remove: number } | { pop: true };

const operation = fc.oneof(
  fc.record({ push: fc.integer({ min: 0, max: 50 }) }),
  fc.record({ remove: fc.nat(200) }),
  fc.constant({ pop: true as const }),
);

test('pops come out in due order after any pushes and removals, and each entry knows its place', () => {
  fc.assert(
    fc.property(fc.array(operation, { maxLength: 300 }), (operations: Operation[]) => {
      const heap = new DueHeap<Item>();
      const inside = new Map<number, Item>();
      let nextId = 0;
      for (const step of operations) {
        if ('push' in step) {
          const item = { id: nextId++, dueAt: step.push, heapIndex: -1 };
          heap.push(item);
          inside.set(item.id, item);
        } else if ('remove' in step) {
          const item = [...inside.values()][step.remove % Math.max(1, inside.size)];
          if (item === undefined) continue;
          heap.remove(item);
          heap.remove(item); // a second removal changes nothing
          inside.delete(item.id);
          assert.equal(item.heapIndex, -1);
        } else {
          const top = heap.pop();
          const earliest = Math.min(...[...inside.values()].map((item) => item.dueAt));
          if (top === undefined) assert.equal(inside.size, 0);
          else {
            assert.equal(top.dueAt, earliest);
            inside.delete(top.id);
          }
        }
        assert.equal(heap.size, inside.size);
        for (const item of inside.values()) assert.ok(item.heapIndex >= 0 && item.heapIndex < heap.size);
      }
      const drained: number[] = [];
      for (let top = heap.pop(); top !== undefined; top = heap.pop()) drained.push(top.dueAt);
      assert.deepEqual(
        drained,
        [...inside.values()].map((item) => item.dueAt).sort((a, b) => a - b),
      );
    }),
    { numRuns: 300 },
  );
});
