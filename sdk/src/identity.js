export const DEVICE_COOKIE = 'allegro_device_id';
export const SESSION_COOKIE = 'allegro_session_id';
export const DEVICE_MAX_AGE = 10 * 365 * 24 * 3600;
export const SESSION_MAX_AGE = 30 * 60;
const SEQUENCE_KEY = 'allegro_sequence';

export function readCookie(cookies, name) {
  for (const part of (cookies || '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) {
      try {
        return decodeURIComponent(part.slice(i + 1).trim());
      } catch (e) {
        return null;
      }
    }
  }
  return null;
}

export function cookieString(name, value, maxAge, domain, secure) {
  return (
    name + '=' + encodeURIComponent(value) + '; Max-Age=' + maxAge + '; Path=/; SameSite=Lax' +
    (domain ? '; Domain=' + domain : '') + (secure ? '; Secure' : '')
  );
}

/**
 * The device id (10 years) and the session id (30 minutes, extended by every use) as first-party
 * cookies, and the event sequence of the session. Where cookies cannot be set, the ids live in
 * memory with the same lifetimes for the page's life.
 */
export function createIdentity({ doc, storage, newId, now, cookieDomain, secure }) {
  const memory = {};
  function get(name) {
    const value = readCookie(doc.cookie, name);
    if (value) return value;
    const kept = memory[name];
    return kept && kept.until > now() ? kept.value : null;
  }
  function set(name, value, maxAge) {
    memory[name] = { value, until: now() + maxAge * 1000 };
    try {
      doc.cookie = cookieString(name, value, maxAge, cookieDomain, secure);
    } catch (e) {
      // kept in memory
    }
  }
  function keep(name, maxAge) {
    const id = get(name) || newId();
    set(name, id, maxAge);
    return id;
  }
  return {
    device: () => keep(DEVICE_COOKIE, DEVICE_MAX_AGE),
    /** The session id, created when none is alive, and extended for another 30 minutes. */
    session: () => keep(SESSION_COOKIE, SESSION_MAX_AGE),
    /** 1, 2, 3, ... within one session, across page loads. */
    nextSequence(session) {
      const stored = (storage.get(SEQUENCE_KEY) || '').split(' ');
      const next = stored[0] === session ? (parseInt(stored[1], 10) || 0) + 1 : 1;
      storage.set(SEQUENCE_KEY, session + ' ' + next);
      return next;
    },
  };
}
