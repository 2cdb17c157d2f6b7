import { debugSwitch } from './debug.js';
import { AllegroApiError, KEEPALIVE_LIMIT, createDelivery } from './delivery.js';
import { createHeartbeat } from './heartbeat.js';
import { createIdentity } from './identity.js';
import { pageMetadata } from './metadata.js';
import { watchNavigation } from './navigation.js';
import { createOutbox } from './outbox.js';
import { safeStorage } from './storage.js';
import { uuidv4 } from './uuid.js';

export const VERSION = '1.0.0';
const NAME = /^[a-z][a-z0-9_]{0,63}$/;
// the event fields track(name, data) may set; any other key of data goes into the event's data
const FIELDS = ['url', 'referer', 'page_title', 'content_type', 'content_id', 'publisher', 'object_type', 'object_id', 'context', 'conversion_pv_id', 'url_in_click'];
const LIMITS = { url: 2048, referer: 2048, url_in_click: 2048, page_title: 1024 };

/**
 * Starts the SDK on `win` (the browser's window, or a test's stand-in) from its script element:
 * replaces the `window.allegro` command array with the API, fires the page view, runs the queued
 * commands and dispatches `allegro:ready`. Returns the API.
 */
export function start(win, script) {
  const queued = win.allegro;
  if (queued && queued.__sdk) return queued;
  const doc = win.document;
  const attr = (name) => (script && script.getAttribute ? script.getAttribute(name) : null);
  let tenant = {};
  try {
    tenant = JSON.parse(attr('data-tenant-config') || '{}') || {};
  } catch (e) {
    // no configuration: the defaults
  }
  const page = win.__allegro || {};
  const storage = safeStorage(win.localStorage);
  const debug = debugSwitch({ attribute: attr('data-debug'), configured: page.debug, storage, search: win.location.search });
  const log = (...args) => debug.on() && win.console && win.console.log('[allegro]', ...args);
  const scriptOrigin = script && script.src ? new URL(script.src).origin : win.location.origin;
  const apiUrl = String(attr('data-api-url') || page.apiUrl || tenant.apiUrl || scriptOrigin).replace(/\/+$/, '');
  const now = () => Date.now();
  const newId = () => uuidv4(win.crypto);
  const identity = createIdentity({ doc, storage, newId, now, cookieDomain: tenant.cookieDomain, secure: win.location.protocol === 'https:' });
  const nav = win.navigator || {};
  const beacon = nav.sendBeacon ? (url, body) => nav.sendBeacon(url, new win.Blob([body], { type: 'text/plain' })) : null;
  const fetch = (url, init) => win.fetch(url, init);
  const delivery = createDelivery({
    url: apiUrl + '/api/events',
    fetch,
    beacon,
    outbox: createOutbox(storage),
    now,
    setTimeout: (f, ms) => win.setTimeout(f, ms),
    clearTimeout: (t) => win.clearTimeout(t),
    random: Math.random,
    log,
  });
  const beats = tenant.heartbeat && tenant.heartbeat.enabled;
  const heartbeat = beats
    ? createHeartbeat({
        intervalMs: (tenant.heartbeat.interval || 15) * 1000,
        now,
        setInterval: (f, ms) => win.setInterval(f, ms),
        clearInterval: (t) => win.clearInterval(t),
        send(eventId, seconds, final) {
          const body = JSON.stringify({ event_id: eventId, active_seconds: seconds });
          log('heartbeat', seconds, final ? '(final)' : '');
          const url = apiUrl + '/api/heartbeat';
          fetch(url, { method: 'POST', body, headers: { 'Content-Type': 'text/plain' }, keepalive: true, credentials: 'omit' }).catch(
            () => beacon && beacon(url, body),
          );
        },
      })
    : null;
  const visible = () => doc.visibilityState !== 'hidden';
  const deviceId = identity.device();
  let referrer = doc.referrer || null;

  function record(name, data) {
    const id = newId();
    if (typeof name !== 'string' || !NAME.test(name)) {
      return { id, promise: Promise.reject(new AllegroApiError(0, { message: 'Event names are snake_case (a-z, 0-9, _; up to 64), not ' + JSON.stringify(name) + '.' })) };
    }
    data = data && typeof data === 'object' ? data : {};
    const blocks = [];
    doc.querySelectorAll('script[type="application/ld+json"]').forEach((s) => blocks.push(s.textContent));
    const event = { id, type: name, url: win.location.href, referer: referrer, ...pageMetadata(blocks, doc.title) };
    const extra = { ...(data.data && typeof data.data === 'object' ? data.data : {}) };
    for (const key of Object.keys(data)) {
      if (FIELDS.indexOf(key) >= 0) event[key] = data[key];
      else if (key !== 'data') extra[key] = data[key];
    }
    for (const key of Object.keys(event)) {
      if (event[key] === null || event[key] === undefined || event[key] === '') delete event[key];
      else if (typeof event[key] !== 'object') event[key] = String(event[key]).slice(0, LIMITS[key] || 255);
    }
    if (Object.keys(extra).length) event.data = extra;
    const session = identity.session();
    event.session_id = session;
    event.device_id = deviceId;
    event.event_sequence = identity.nextSequence(session);
    event.created_at = new Date(now()).toISOString();
    if (JSON.stringify(event).length > KEEPALIVE_LIMIT / 2) {
      return { id, promise: Promise.reject(new AllegroApiError(0, { message: 'The event must not be larger than 32 KB.' })) };
    }
    log('track', name, event);
    return { id, promise: delivery.send(event) };
  }

  function pageView() {
    const { id, promise } = record('page_view');
    if (heartbeat) heartbeat.start(id, visible());
    promise.catch((e) => log('page_view failed', e));
    return promise;
  }

  function run(command) {
    try {
      if (typeof command === 'function') command(api);
      else if (Array.isArray(command) && typeof api[command[0]] === 'function') api[command[0]](...command.slice(1));
    } catch (e) {
      if (win.console) win.console.error('[allegro] a queued command failed', e);
    }
  }

  const api = {
    __sdk: true,
    version: VERSION,
    AllegroApiError,
    /** Tracks an event; resolves `{event_id}` (with `queued: true` when it waits for a retry). */
    track: (name, data) => record(name, data).promise,
    /** Runs `fn(allegro)` now: what the command array did before the SDK loaded. */
    push(...commands) {
      commands.forEach(run);
      return 0;
    },
    debug(on) {
      debug.set(on !== false);
      if (win.console) win.console.log('[allegro] debug ' + (on !== false ? 'on' : 'off'));
    },
    deviceId: () => deviceId,
    sessionId: () => identity.session(),
  };
  win.allegro = api;
  log('loaded', VERSION, { apiUrl, tenant });

  delivery.retryNow();
  pageView();
  if (Array.isArray(queued)) queued.forEach(run);

  watchNavigation({
    history: win.history,
    location: win.location,
    addEventListener: (type, f) => win.addEventListener(type, f),
    onNavigate(previous) {
      referrer = previous;
      pageView();
    },
  });
  const hide = () => {
    if (heartbeat) heartbeat.hide();
    delivery.pageHide();
  };
  doc.addEventListener('visibilitychange', () => (visible() ? heartbeat && heartbeat.show() : hide()));
  win.addEventListener('pagehide', hide);
  win.addEventListener('pageshow', (e) => e.persisted && visible() && heartbeat && heartbeat.show());
  win.addEventListener('online', () => delivery.retryNow());
  win.dispatchEvent(new win.CustomEvent('allegro:ready', { detail: api }));
  return api;
}
