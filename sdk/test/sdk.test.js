import assert from 'node:assert/strict';
import { test } from 'node:test';
import { start } from '../src/sdk.js';
import { cookieJar, fakeFetch, fakeTime, memoryStorage, settle } from './fakes.js';

/** A window with what the SDK touches, on https://shop.example/article. */
function fakeWindow({ search = '', jsonLd = [], answers = [201], queued, config, time } = {}) {
  const events = new EventTarget();
  const docEvents = new EventTarget();
  const location = new URL('https://shop.example/article' + search);
  const logs = [];
  const doc = Object.assign(cookieJar(Date.now), {
    title: 'Article | Shop',
    referrer: 'https://search.example/',
    visibilityState: 'visible',
    querySelectorAll: () => jsonLd.map((textContent) => ({ textContent })),
    addEventListener: (type, f) => docEvents.addEventListener(type, f),
  });
  const win = {
    document: doc,
    location,
    history: { pushState: (s, t, url) => (location.href = new URL(url, location.href).href), replaceState() {} },
    localStorage: memoryStorage(),
    navigator: {},
    fetch: fakeFetch(answers),
    crypto: globalThis.crypto,
    setTimeout: time ? time.setTimeout : setTimeout,
    clearTimeout: time ? time.clearTimeout : clearTimeout,
    setInterval: time ? time.setInterval : setInterval,
    clearInterval: time ? time.clearInterval : clearInterval,
    addEventListener: (type, f) => events.addEventListener(type, f),
    dispatchEvent: (e) => events.dispatchEvent(e),
    CustomEvent,
    Blob,
    console: { log: (...a) => logs.push(a), error: (...a) => logs.push(a) },
    allegro: queued,
    logs,
    events,
    docEvents,
  };
  const script = {
    src: 'https://t.allegro.example/sdk/allegro.0123.js',
    getAttribute: (name) => (name === 'data-tenant-config' ? JSON.stringify(config || { heartbeat: { enabled: false } }) : null),
  };
  return { win, script };
}

const sent = (win) => win.fetch.calls.flatMap((c) => (c.body.events ? c.body.events : [c.body]));

test('on load: a page view, then the queued commands, then allegro:ready', async () => {
  const order = [];
  const { win, script } = fakeWindow({ queued: [(a) => order.push('queued:' + typeof a.track)] });
  win.events.addEventListener('allegro:ready', (e) => order.push('ready:' + e.detail.version));
  const api = start(win, script);
  assert.equal(win.allegro, api);
  assert.deepEqual(order, ['queued:function', 'ready:1.0.0']);
  await settle();
  const [view] = sent(win);
  assert.equal(view.type, 'page_view');
  assert.equal(view.url, 'https://shop.example/article');
  assert.equal(view.referer, 'https://search.example/');
  assert.equal(view.page_title, 'Article | Shop');
  assert.equal(view.event_sequence, 1);
  assert.match(view.id, /^[0-9a-f-]{36}$/);
  assert.ok(!Number.isNaN(Date.parse(view.created_at)));
  assert.equal(win.fetch.calls[0].url, 'https://t.allegro.example/api/events', 'the api is the script\'s origin');
});

test('push after load runs the command at once', () => {
  const { win, script } = fakeWindow();
  const api = start(win, script);
  let ran = null;
  win.allegro.push((a) => (ran = a));
  assert.equal(ran, api);
});

test('track() resolves with the event id and carries JSON-LD, the given fields and data', async () => {
  const jsonLd = [JSON.stringify({ '@type': 'NewsArticle', headline: 'Headline', identifier: 'a-1', publisher: { name: 'Daily' }, articleSection: 'News' })];
  const { win, script } = fakeWindow({ jsonLd });
  const api = start(win, script);
  const result = await api.track('article_read', { object_id: 'x-9', data: { words: 1200 }, plan: 'pro' });
  const event = sent(win).find((e) => e.type === 'article_read');
  assert.equal(result.event_id, event.id);
  assert.equal(event.page_title, 'Headline');
  assert.equal(event.content_type, 'NewsArticle');
  assert.equal(event.content_id, 'a-1');
  assert.equal(event.publisher, 'Daily');
  assert.equal(event.context, 'News');
  assert.equal(event.object_id, 'x-9');
  assert.deepEqual(event.data, { words: 1200, plan: 'pro' });
  assert.equal(event.event_sequence, 2);
  assert.equal(event.session_id, sent(win)[0].session_id);
  assert.match(win.document.cookie, /allegro_device_id=/);
});

test('a name that is not snake_case is refused before sending', async () => {
  const { win, script } = fakeWindow();
  const api = start(win, script);
  await assert.rejects(api.track('Add To Cart'), (e) => e.name === 'AllegroApiError' && e.status === 0);
});

test('a refusal by the API rejects with its status and body', async () => {
  const { win, script } = fakeWindow({ answers: [201, { status: 422, body: { message: 'invalid' } }] });
  const api = start(win, script);
  await settle();
  await assert.rejects(api.track('bad_one'), (e) => e instanceof api.AllegroApiError && e.status === 422 && e.body.message === 'invalid');
});

test('?allegro_debug=1 turns logging on and is remembered; =0 forgets it', () => {
  const first = fakeWindow({ search: '?allegro_debug=1' });
  start(first.win, first.script);
  assert.ok(first.win.logs.some((l) => l[0] === '[allegro]'));
  assert.equal(first.win.localStorage.getItem('allegro_debug'), '1');
  const off = fakeWindow({ search: '?allegro_debug=0' });
  off.win.localStorage.setItem('allegro_debug', '1');
  start(off.win, off.script);
  assert.equal(off.win.localStorage.getItem('allegro_debug'), null);
  assert.equal(off.win.logs.length, 0);
});

test('allegro.debug() turns logging on at once', () => {
  const { win, script } = fakeWindow();
  const api = start(win, script);
  api.debug();
  api.track('after_debug');
  assert.ok(win.logs.some((l) => l[0] === '[allegro]' && l[1] === 'track'));
});

test('a second copy of the SDK on the page leaves the first in place', () => {
  const { win, script } = fakeWindow();
  const api = start(win, script);
  assert.equal(start(win, script), api);
});

test('SPA navigation tracks a page view with the previous URL as referrer', async () => {
  const { win, script } = fakeWindow();
  start(win, script);
  win.history.pushState({}, '', '/pricing');
  await settle();
  const views = sent(win).filter((e) => e.type === 'page_view');
  assert.equal(views.length, 2);
  assert.equal(views[1].url, 'https://shop.example/pricing');
  assert.equal(views[1].referer, 'https://shop.example/article');
});

test('heartbeats: the page view\'s active time every interval, a final beat on hide, nothing while hidden', async (t) => {
  const time = fakeTime(Date.now());
  const realNow = Date.now;
  Date.now = time.now;
  t.after(() => (Date.now = realNow));
  const { win, script } = fakeWindow({ time, answers: [201], config: { heartbeat: { enabled: true, interval: 5 } } });
  start(win, script);
  await settle();
  const view = sent(win)[0];
  const beats = () => win.fetch.calls.filter((c) => c.url.endsWith('/api/heartbeat')).map((c) => [c.body.event_id, c.body.active_seconds, c.init.keepalive]);

  time.advance(10_000);
  win.document.visibilityState = 'hidden';
  time.advance(2_000);
  win.docEvents.dispatchEvent(new Event('visibilitychange'));
  win.events.dispatchEvent(new Event('pagehide'));
  time.advance(60_000);
  win.document.visibilityState = 'visible';
  win.docEvents.dispatchEvent(new Event('visibilitychange'));
  time.advance(5_000);

  assert.deepEqual(beats(), [
    [view.id, 5, true],
    [view.id, 10, true],
    [view.id, 12, true],
    [view.id, 17, true],
  ]);
  assert.equal(win.fetch.calls.find((c) => c.url.endsWith('/api/heartbeat')).url, 'https://t.allegro.example/api/heartbeat');
});

test('heartbeats are off when the tenant\'s configuration says so', async () => {
  const time = fakeTime();
  const { win, script } = fakeWindow({ time });
  start(win, script);
  time.advance(60_000);
  await settle();
  assert.equal(win.fetch.calls.filter((c) => c.url.endsWith('/api/heartbeat')).length, 0);
});
