import { parseRetryAfter, retryDelay } from './outbox.js';

/** A refusal by the API (or, with status 0, by the SDK before sending): its status and body. */
export class AllegroApiError extends Error {
  constructor(status, body) {
    super((body && body.message) || 'Allegro API error ' + status);
    this.name = 'AllegroApiError';
    this.status = status;
    this.body = body;
  }
}

export const KEEPALIVE_LIMIT = 64 * 1024;
const MAX_BATCH = 100;
const MAX_BATCH_BYTES = 60 * 1024;

const retryable = (status) => status === 0 || status === 429 || status >= 500;

/**
 * Sends events: each is first written to the outbox, then POSTed (several waiting go as one
 * batch); 2xx removes it, a network error, 5xx or 429 keeps it for a retry with backoff, any
 * other 4xx drops it and rejects its promise. On page hide what waits goes by sendBeacon too,
 * and stays in the outbox until a response confirms it: the server ignores a client id it has
 * seen, so a resend never doubles an event.
 */
export function createDelivery({ url, fetch, beacon, outbox, now, setTimeout, clearTimeout, random, log }) {
  const inFlight = {};
  const waiting = {};
  let timer = null;
  let flushQueued = false;

  function settle(id, error, value) {
    const w = waiting[id];
    if (!w) return;
    delete waiting[id];
    error ? w.reject(error) : w.resolve(value);
  }

  function batches(items) {
    const out = [];
    let current = [];
    let bytes = 0;
    for (const item of items) {
      const size = JSON.stringify(item.event).length;
      if (current.length && (current.length >= MAX_BATCH || bytes + size > MAX_BATCH_BYTES)) {
        out.push(current);
        current = [];
        bytes = 0;
      }
      current.push(item);
      bytes += size;
    }
    if (current.length) out.push(current);
    return out;
  }

  const bodyOf = (items) => JSON.stringify(items.length === 1 ? items[0].event : { events: items.map((i) => i.event) });

  async function post(items) {
    const ids = items.map((i) => i.id);
    ids.forEach((id) => (inFlight[id] = true));
    const body = bodyOf(items);
    let status = 0;
    let payload = null;
    let retryAfter = 0;
    try {
      // text/plain: a simple request, so a cross-origin page needs no preflight
      const response = await fetch(url, {
        method: 'POST',
        body,
        headers: { 'Content-Type': 'text/plain' },
        keepalive: body.length < KEEPALIVE_LIMIT,
        credentials: 'omit',
      });
      status = response.status;
      retryAfter = parseRetryAfter(response.headers.get('Retry-After'), now());
      payload = await response.json().catch(() => null);
    } catch (e) {
      status = 0;
    }
    ids.forEach((id) => delete inFlight[id]);
    if (status >= 200 && status < 300) {
      outbox.remove(ids);
      log('sent', ids.length, 'event(s)', status);
      items.forEach((i) => settle(i.id, null, { event_id: i.id }));
    } else if (retryable(status)) {
      outbox.update(ids, (i) => ({ ...i, attempt: i.attempt + 1, due: now() + retryDelay(i.attempt, retryAfter, random) }));
      log('will retry', ids.length, 'event(s) after', status || 'a network error');
      items.forEach((i) => settle(i.id, null, { event_id: i.id, queued: true }));
    } else if (items.length > 1) {
      // one bad event refuses its whole batch: alone, the others go through
      await Promise.all(items.map((i) => post([i])));
    } else {
      outbox.remove(ids);
      log('refused', status, payload);
      settle(ids[0], new AllegroApiError(status, payload));
    }
  }

  async function flush() {
    flushQueued = false;
    const t = now();
    const due = outbox.all().filter((i) => !inFlight[i.id] && i.due <= t);
    await Promise.all(batches(due).map(post));
    schedule();
  }

  function schedule() {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    const pending = outbox.all().filter((i) => !inFlight[i.id]);
    if (!pending.length) return;
    const next = Math.min(...pending.map((i) => i.due));
    timer = setTimeout(flush, Math.max(0, next - now()));
  }

  function soon() {
    if (!flushQueued) {
      flushQueued = true;
      Promise.resolve().then(flush);
    }
  }

  return {
    /** Queues the event and sends it (with whatever else waits, in this task); resolves `{event_id}`. */
    send(event) {
      const dropped = outbox.add({ id: event.id, event, attempt: 0, due: 0 });
      if (dropped) log('queue full: dropped the oldest', dropped);
      const promise = new Promise((resolve, reject) => (waiting[event.id] = { resolve, reject }));
      soon();
      return promise;
    },
    /** Everything waiting is due now: on load, and when the browser is back online. */
    retryNow() {
      outbox.update(null, (i) => ({ ...i, due: 0 }));
      soon();
    },
    flush,
    /** The page is being hidden: what waits (not already on its way with keepalive) goes by beacon. */
    pageHide() {
      if (!beacon) return;
      const items = outbox.all().filter((i) => !inFlight[i.id]);
      for (const batch of batches(items)) {
        const body = bodyOf(batch);
        if (body.length < KEEPALIVE_LIMIT) {
          log('beacon', batch.length, 'event(s)');
          beacon(url, body);
        }
      }
    },
  };
}
