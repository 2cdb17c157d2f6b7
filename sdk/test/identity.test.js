import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createIdentity, readCookie } from '../src/identity.js';
import { safeStorage } from '../src/storage.js';
import { cookieJar, fakeTime, memoryStorage } from './fakes.js';

function identity(time, doc, storage, options = {}) {
  let n = 0;
  return createIdentity({ doc, storage, newId: () => 'id-' + ++n, now: time.now, ...options });
}

test('the device id is created once and kept for ten years', () => {
  const time = fakeTime();
  const doc = cookieJar(time.now);
  const first = identity(time, doc, safeStorage(memoryStorage())).device();
  const again = identity(time, doc, safeStorage(memoryStorage())).device();
  assert.equal(first, again);
  assert.match(doc.written[0], /^allegro_device_id=id-1; Max-Age=315360000; Path=\/; SameSite=Lax$/);
});

test('the session lasts 30 minutes from its last use', () => {
  const time = fakeTime();
  const doc = cookieJar(time.now);
  const ids = identity(time, doc, safeStorage(memoryStorage()));
  const session = ids.session();
  time.advance(29 * 60 * 1000);
  assert.equal(ids.session(), session, 'extended by use');
  time.advance(29 * 60 * 1000);
  assert.equal(ids.session(), session, 'still alive 58 minutes in, used 29 minutes ago');
  time.advance(31 * 60 * 1000);
  assert.notEqual(ids.session(), session, 'a new session after 31 idle minutes');
  assert.match(doc.written.at(-1), /allegro_session_id=.*; Max-Age=1800;/);
});

test('the event sequence counts up within a session and starts again in a new one', () => {
  const time = fakeTime();
  const storage = safeStorage(memoryStorage());
  const ids = identity(time, cookieJar(time.now), storage);
  assert.deepEqual([ids.nextSequence('a'), ids.nextSequence('a'), ids.nextSequence('a')], [1, 2, 3]);
  assert.equal(ids.nextSequence('b'), 1);
});

test('the cookie domain and Secure are set when configured', () => {
  const time = fakeTime();
  const doc = cookieJar(time.now);
  identity(time, doc, safeStorage(memoryStorage()), { cookieDomain: 'shop.example', secure: true }).device();
  assert.match(doc.written[0], /; Domain=shop\.example; Secure$/);
});

test('without cookies the ids still hold for the page', () => {
  const time = fakeTime();
  const doc = { get cookie() { return ''; }, set cookie(v) { throw new Error('blocked'); } };
  const ids = identity(time, doc, safeStorage(null));
  assert.equal(ids.device(), ids.device());
  assert.equal(ids.session(), ids.session());
});

test('readCookie finds a cookie among others', () => {
  assert.equal(readCookie('a=1; allegro_session_id=xyz; b=2', 'allegro_session_id'), 'xyz');
  assert.equal(readCookie('', 'x'), null);
});
