import assert from 'node:assert/strict';
import { test } from 'node:test';
import { watchNavigation } from '../src/navigation.js';

function browser(start) {
  const location = new URL(start);
  const listeners = {};
  const history = {
    pushState(state, title, url) {
      location.href = new URL(url, location.href).href;
    },
    replaceState(state, title, url) {
      location.href = new URL(url, location.href).href;
    },
  };
  const navigations = [];
  watchNavigation({ history, location, addEventListener: (type, f) => (listeners[type] = f), onNavigate: (previous) => navigations.push([previous, location.href]) });
  const back = (url) => {
    location.href = new URL(url, location.href).href;
    listeners.popstate();
  };
  return { history, navigations, back };
}

test('pushState to another URL is a new page view, with the previous URL as referrer', () => {
  const b = browser('https://shop.example/');
  b.history.pushState({}, '', '/pricing');
  b.history.pushState({}, '', '/pricing?plan=pro');
  assert.deepEqual(b.navigations, [
    ['https://shop.example/', 'https://shop.example/pricing'],
    ['https://shop.example/pricing', 'https://shop.example/pricing?plan=pro'],
  ]);
});

test('pushState to the same URL or another fragment is none', () => {
  const b = browser('https://shop.example/a');
  b.history.pushState({}, '', '/a');
  b.history.pushState({}, '', '/a#section');
  assert.deepEqual(b.navigations, []);
});

test('replaceState counts only a new path', () => {
  const b = browser('https://shop.example/a');
  b.history.replaceState({}, '', '/a?utm_source=x');
  assert.equal(b.navigations.length, 0);
  b.history.replaceState({}, '', '/b');
  assert.equal(b.navigations.length, 1);
});

test('back and forward (popstate) to another URL are page views', () => {
  const b = browser('https://shop.example/a');
  b.history.pushState({}, '', '/b');
  b.back('/a');
  b.back('/a#top');
  assert.deepEqual(b.navigations.map((n) => n[1]), ['https://shop.example/b', 'https://shop.example/a']);
});
