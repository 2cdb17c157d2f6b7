import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pageMetadata } from '../src/metadata.js';

const article = JSON.stringify({
  '@context': 'https://schema.org',
  '@type': 'NewsArticle',
  headline: 'City Council Approves New Housing Plan',
  identifier: 'story-12345',
  publisher: { '@type': 'Organization', name: 'Example News' },
  articleSection: 'Local Government',
});

test('a NewsArticle gives every field', () => {
  assert.deepEqual(pageMetadata([article], 'Document title'), {
    page_title: 'City Council Approves New Housing Plan',
    content_type: 'NewsArticle',
    content_id: 'story-12345',
    publisher: 'Example News',
    object_type: 'NewsArticle',
    object_id: 'story-12345',
    context: 'Local Government',
  });
});

test('a WebPage names itself by name and @id, and has no context', () => {
  const page = JSON.stringify({ '@type': 'WebPage', name: 'About Us', '@id': 'https://example.com/about', publisher: { name: 'Example News' } });
  const m = pageMetadata([page], 'About | Example');
  assert.equal(m.page_title, 'About Us');
  assert.equal(m.content_id, 'https://example.com/about');
  assert.equal(m.content_type, 'WebPage');
  assert.equal(m.context, null);
});

test('@graph is searched, past the site and the organization, and a publisher by reference is resolved', () => {
  const graph = JSON.stringify({
    '@context': 'https://schema.org',
    '@graph': [
      { '@type': 'WebSite', name: 'Example News', url: 'https://example.com/' },
      { '@type': 'Organization', '@id': '#org', name: 'Example News Ltd' },
      { '@type': 'NewsArticle', headline: 'Graph headline', '@id': '#article', publisher: { '@id': '#org' }, articleSection: ['Politics', 'Local'] },
    ],
  });
  const m = pageMetadata([graph], 'x');
  assert.equal(m.page_title, 'Graph headline');
  assert.equal(m.content_id, '#article');
  assert.equal(m.publisher, 'Example News Ltd');
  assert.equal(m.context, 'Politics');
});

test('without JSON-LD the title is the document title and the rest is null', () => {
  const m = pageMetadata([], 'Plain page');
  assert.equal(m.page_title, 'Plain page');
  assert.equal(m.content_type, null);
  assert.equal(m.publisher, null);
});

test('a broken block is skipped and a later one used', () => {
  const m = pageMetadata(['{not json', article], 't');
  assert.equal(m.content_id, 'story-12345');
});

test('identifier as a PropertyValue gives its value', () => {
  const m = pageMetadata([JSON.stringify({ '@type': 'Product', name: 'Shoe', identifier: { '@type': 'PropertyValue', value: 'sku-1' } })], '');
  assert.equal(m.content_id, 'sku-1');
  assert.equal(m.page_title, 'Shoe');
});
