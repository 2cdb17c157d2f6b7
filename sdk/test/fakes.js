// Stand-ins for what the SDK takes from the browser, for tests without one.

export function memoryStorage() {
  const data = new Map();
  return {
    getItem: (k) => (data.has(k) ? data.get(k) : null),
    setItem: (k, v) => data.set(k, String(v)),
    removeItem: (k) => data.delete(k),
    data,
  };
}

/** A clock and timers that move only when told. */
export function fakeTime(start = 1_000_000) {
  let now = start;
  let nextId = 1;
  const timers = new Map();
  const time = {
    now: () => now,
    setTimeout(fn, ms) {
      const id = nextId++;
      timers.set(id, { fn, at: now + ms, every: 0 });
      return id;
    },
    setInterval(fn, ms) {
      const id = nextId++;
      timers.set(id, { fn, at: now + ms, every: ms });
      return id;
    },
    clearTimeout: (id) => timers.delete(id),
    clearInterval: (id) => timers.delete(id),
    /** Moves the clock forward, running every timer that falls due on the way. */
    advance(ms) {
      const end = now + ms;
      for (;;) {
        let next = null;
        for (const [id, t] of timers) if (t.at <= end && (!next || t.at < next[1].at)) next = [id, t];
        if (!next) break;
        const [id, t] = next;
        now = t.at;
        if (t.every) t.at += t.every;
        else timers.delete(id);
        t.fn();
      }
      now = end;
    },
    pending: () => timers.size,
  };
  return time;
}

/** A fetch that answers from a list of responses (a status, or 'network' for a failure). */
export function fakeFetch(answers) {
  const calls = [];
  const fetch = async (url, init) => {
    calls.push({ url, init, body: JSON.parse(init.body) });
    const answer = answers.length > 1 ? answers.shift() : answers[0];
    const spec = typeof answer === 'function' ? answer(JSON.parse(init.body)) : answer;
    if (spec === 'network') throw new TypeError('Failed to fetch');
    const { status, headers = {}, body = {} } = typeof spec === 'number' ? { status: spec } : spec;
    return { status, headers: { get: (name) => headers[name] || null }, json: async () => body };
  };
  fetch.calls = calls;
  return fetch;
}

/** Lets pending promise callbacks (and what they schedule) run. */
export const settle = () => new Promise((resolve) => setImmediate(resolve));

/** A document's cookie property: reads give "a=b; c=d", writes set one cookie with its Max-Age. */
export function cookieJar(now) {
  const jar = new Map();
  const written = [];
  return {
    written,
    get cookie() {
      return [...jar]
        .filter(([, c]) => c.until > now())
        .map(([name, c]) => name + '=' + c.value)
        .join('; ');
    },
    set cookie(text) {
      written.push(text);
      const [pair, ...attributes] = text.split(';').map((s) => s.trim());
      const i = pair.indexOf('=');
      const maxAge = attributes.find((a) => /^max-age=/i.test(a));
      const seconds = maxAge ? parseInt(maxAge.split('=')[1], 10) : 1e9;
      jar.set(pair.slice(0, i), { value: pair.slice(i + 1), until: now() + seconds * 1000 });
    },
  };
}
