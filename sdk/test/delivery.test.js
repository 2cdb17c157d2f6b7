import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AllegroApiError, createDelivery } from '../src/delivery.js';
import { createOutbox } from '../src/outbox.js';
import { safeStorage } from '../src/storage.js';
import { fakeFetch, fakeTime, memoryStorage, settle } from './fakes.js';

function setup(answers, { beacon = null, local = memoryStorage() } = {}) {
  const time = fakeTime();
  const fetch = fakeFetch(answers);
  const outbox = createOutbox(safeStorage(local));
  const beacons = [];
  const delivery = createDelivery({
    url: 'https://t.example/api/events',
    fetch,
    beacon: beacon || ((url, body) => beacons.push(JSON.parse(body)) >= 0),
    outbox,
    now: time.now,
    setTimeout: time.setTimeout,
    clearTimeout: time.clearTimeout,
    random: () => 1,
    log: () => {},
  });
  return { time, fetch, outbox, delivery, beacons, local };
}

const event = (id) => ({ id, type: 'page_view', session_id: 's', url: 'https://shop.example/' });

test('a delivered event resolves with its id and leaves the queue', async () => {
  const { fetch, outbox, delivery } = setup([201]);
  const result = await delivery.send(event('a'));
  assert.deepEqual(result, { event_id: 'a' });
  assert.deepEqual(outbox.all(), []);
  assert.equal(fetch.calls.length, 1);
  assert.equal(fetch.calls[0].init.keepalive, true);
  assert.equal(fetch.calls[0].init.headers['Content-Type'], 'text/plain');
  assert.deepEqual(fetch.calls[0].body, event('a'));
});

test('events tracked in one task go as one batch', async () => {
  const { fetch, delivery } = setup([{ status: 202 }]);
  const results = await Promise.all([delivery.send(event('a')), delivery.send(event('b'))]);
  assert.deepEqual(results.map((r) => r.event_id), ['a', 'b']);
  assert.equal(fetch.calls.length, 1);
  assert.deepEqual(fetch.calls[0].body.events.map((e) => e.id), ['a', 'b']);
});

test('a network error keeps the event and retries it with backoff', async () => {
  const { time, fetch, outbox, delivery } = setup(['network', 'network', 201]);
  const result = await delivery.send(event('a'));
  await settle();
  assert.deepEqual(result, { event_id: 'a', queued: true });
  assert.equal(outbox.all().length, 1);
  time.advance(999);
  await settle();
  assert.equal(fetch.calls.length, 1, 'not before its delay (1 s)');
  time.advance(1);
  await settle();
  assert.equal(fetch.calls.length, 2);
  time.advance(2000);
  await settle();
  assert.equal(fetch.calls.length, 3);
  assert.deepEqual(outbox.all(), []);
});

test('5xx and 429 are retried, 429 not before its Retry-After', async () => {
  const { time, fetch, delivery } = setup([503, { status: 429, headers: { 'Retry-After': '30' } }, 201]);
  await delivery.send(event('a'));
  await settle();
  time.advance(1000);
  await settle();
  assert.equal(fetch.calls.length, 2);
  time.advance(29_000);
  await settle();
  assert.equal(fetch.calls.length, 2, 'waits for Retry-After');
  time.advance(1000);
  await settle();
  assert.equal(fetch.calls.length, 3);
});

test('any other 4xx is not retried and rejects with AllegroApiError', async () => {
  const body = { message: 'The given data was invalid.', errors: { url: ['The url field is required.'] } };
  const { time, fetch, outbox, delivery } = setup([{ status: 422, body }]);
  await assert.rejects(delivery.send(event('a')), (e) => e instanceof AllegroApiError && e.status === 422 && e.body === body);
  assert.deepEqual(outbox.all(), []);
  time.advance(600_000);
  await settle();
  assert.equal(fetch.calls.length, 1);
});

test('a batch refused for one bad event is sent again one by one', async () => {
  const { fetch, delivery } = setup([
    (body) => (body.events ? 422 : body.id === 'bad' ? 422 : 201),
  ]);
  const good = delivery.send(event('good'));
  const bad = delivery.send(event('bad'));
  assert.deepEqual(await good, { event_id: 'good' });
  await assert.rejects(bad, AllegroApiError);
  assert.equal(fetch.calls.length, 3);
});

test('events left by the previous page are sent on the next load, as one batch', async () => {
  const local = memoryStorage();
  const first = setup(['network'], { local });
  await first.delivery.send(event('a'));
  await first.delivery.send(event('b'));
  const next = setup([202], { local });
  next.delivery.retryNow();
  await settle();
  await settle();
  assert.deepEqual(next.fetch.calls[0].body.events.map((e) => e.id), ['a', 'b']);
  assert.deepEqual(next.outbox.all(), []);
});

test('on page hide what waits goes by beacon and stays queued until confirmed', async () => {
  const { delivery, beacons, outbox } = setup(['network']);
  await delivery.send(event('a'));
  delivery.pageHide();
  assert.deepEqual(beacons, [event('a')]);
  assert.equal(outbox.all().length, 1);
});
