import assert from 'node:assert/strict';
import { test } from 'node:test';
import { placeMenu } from '../../renderer/menu-placement';

const window = { width: 640, height: 400 };
const menu = { width: 240, height: 285 };
const button = (top: number, right = 235) => ({ top, bottom: top + 30, left: right - 75, right });

test('below the button when it fits, right edges aligned', () => {
  assert.deepEqual(placeMenu(button(20, 600), menu, window), { top: 54, left: 360, maxHeight: undefined });
});

test('above the button when only that side has room', () => {
  assert.deepEqual(placeMenu(button(330, 600), menu, window), { top: 41, left: 360, maxHeight: undefined });
});

test('never past the left edge: a button near it moves the menu in', () => {
  assert.equal(placeMenu(button(20), menu, window).left, 8);
});

test('too tall for either side: the roomier side, scrolling, inside the window', () => {
  const placed = placeMenu(button(120, 600), menu, { width: 640, height: 320 });
  assert.deepEqual(placed, { top: 154, left: 360, maxHeight: 158 });
  const higher = placeMenu(button(200, 600), menu, { width: 640, height: 320 });
  assert.deepEqual(higher, { top: 8, left: 360, maxHeight: 188 });
});
