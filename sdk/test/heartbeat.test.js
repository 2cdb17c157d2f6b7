import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createHeartbeat } from '../src/heartbeat.js';
import { fakeTime } from './fakes.js';

function setup() {
  const time = fakeTime();
  const sent = [];
  const heartbeat = createHeartbeat({
    intervalMs: 5000,
    send: (id, seconds, final) => sent.push([id, seconds, final]),
    now: time.now,
    setInterval: time.setInterval,
    clearInterval: time.clearInterval,
  });
  return { time, sent, heartbeat };
}

test('the running total is sent every interval while visible', () => {
  const { time, sent, heartbeat } = setup();
  heartbeat.start('pv1', true);
  time.advance(15_000);
  assert.deepEqual(sent, [['pv1', 5, false], ['pv1', 10, false], ['pv1', 15, false]]);
});

test('hiding sends a final beat and pauses; hidden time is not counted', () => {
  const { time, sent, heartbeat } = setup();
  heartbeat.start('pv1', true);
  time.advance(7_400);
  heartbeat.hide();
  assert.deepEqual(sent.at(-1), ['pv1', 7, true]);
  time.advance(60_000);
  assert.equal(sent.length, 2, 'nothing while hidden');
  heartbeat.show();
  time.advance(5_000);
  assert.deepEqual(sent.at(-1), ['pv1', 12, false]);
});

test('a second hide (visibilitychange then pagehide) sends nothing more', () => {
  const { time, sent, heartbeat } = setup();
  heartbeat.start('pv1', true);
  time.advance(3_000);
  heartbeat.hide();
  heartbeat.hide();
  assert.deepEqual(sent, [['pv1', 3, true]]);
});

test('a total that rounds to 0 is not sent', () => {
  const { time, sent, heartbeat } = setup();
  heartbeat.start('pv1', true);
  time.advance(400);
  heartbeat.hide();
  assert.deepEqual(sent, []);
});

test('a new page view ends the old one with its total and counts from 0', () => {
  const { time, sent, heartbeat } = setup();
  heartbeat.start('pv1', true);
  time.advance(6_000);
  heartbeat.start('pv2', true);
  assert.deepEqual(sent, [['pv1', 5, false], ['pv1', 6, true]]);
  time.advance(5_000);
  assert.deepEqual(sent.at(-1), ['pv2', 5, false]);
});

test('a page view that starts hidden counts nothing until shown', () => {
  const { time, sent, heartbeat } = setup();
  heartbeat.start('pv1', false);
  time.advance(20_000);
  assert.deepEqual(sent, []);
  heartbeat.show();
  time.advance(5_000);
  assert.deepEqual(sent, [['pv1', 5, false]]);
});
