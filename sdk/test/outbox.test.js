import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_DELAY, createOutbox, parseRetryAfter, retryDelay } from '../src/outbox.js';
import { safeStorage } from '../src/storage.js';
import { memoryStorage } from './fakes.js';

test('the queue keeps at most its cap, dropping the oldest and counting them', () => {
  const outbox = createOutbox(safeStorage(memoryStorage()), 500);
  for (let i = 0; i < 503; i++) outbox.add({ id: 'e' + i, event: {}, attempt: 0, due: 0 });
  const items = outbox.all();
  assert.equal(items.length, 500);
  assert.equal(items[0].id, 'e3');
  assert.equal(items.at(-1).id, 'e502');
  assert.equal(outbox.dropped(), 3);
});

test('the queue survives in storage for the next page load', () => {
  const local = memoryStorage();
  createOutbox(safeStorage(local)).add({ id: 'x', event: { type: 'a' }, attempt: 0, due: 0 });
  assert.deepEqual(createOutbox(safeStorage(local)).all().map((i) => i.id), ['x']);
});

test('an unreadable queue is an empty one', () => {
  const local = memoryStorage();
  local.setItem('allegro_queue', '{broken');
  assert.deepEqual(createOutbox(safeStorage(local)).all(), []);
});

test('the backoff doubles from 1 s, half of it random, up to 5 minutes', () => {
  assert.equal(retryDelay(0, 0, () => 0), 500);
  assert.equal(retryDelay(0, 0, () => 1), 1000);
  assert.equal(retryDelay(3, 0, () => 1), 8000);
  assert.equal(retryDelay(30, 0, () => 1), MAX_DELAY);
  assert.ok(retryDelay(30, 0, () => 0) >= MAX_DELAY / 2);
});

test('Retry-After is the least wait', () => {
  assert.equal(retryDelay(0, 30, () => 0), 30000);
  assert.equal(parseRetryAfter('7', 0), 7);
  assert.equal(parseRetryAfter(new Date(10_000).toUTCString(), 0), 10);
  assert.equal(parseRetryAfter(null, 0), 0);
  assert.equal(parseRetryAfter('soon', 0), 0);
});
