// Nodes that describe the site or a part of the page rather than the page's content.
const AROUND = /^(WebSite|Organization|Person|BreadcrumbList|ImageObject|SiteNavigationElement|SearchAction|ListItem|ReadAction)$/;

const first = (v) => (Array.isArray(v) ? v[0] : v);

function scalar(v) {
  v = first(v);
  if (v && typeof v === 'object') v = v['@value'] !== undefined ? v['@value'] : v.value;
  return v === undefined || v === null || typeof v === 'object' || v === '' ? null : String(v);
}

/**
 * What the page's JSON-LD says about it: the texts of its application/ld+json blocks in, the
 * fields of an event out (null where the page says nothing). `@graph` and arrays of nodes are
 * searched; the first node about the content (not the site, publisher or breadcrumbs) is used.
 */
export function pageMetadata(blocks, title) {
  const nodes = [];
  const add = (v) => {
    if (Array.isArray(v)) v.forEach(add);
    else if (v && typeof v === 'object') {
      if (v['@graph']) add(v['@graph']);
      if (v['@type']) nodes.push(v);
    }
  };
  for (const text of blocks) {
    try {
      add(JSON.parse(text));
    } catch (e) {
      // a broken block says nothing
    }
  }
  const main = nodes.find((n) => !AROUND.test(scalar(n['@type']) || '')) || nodes[0];
  const fallbackTitle = title || null;
  if (!main) {
    return { page_title: fallbackTitle, content_type: null, content_id: null, publisher: null, object_type: null, object_id: null, context: null };
  }
  let publisher = first(main.publisher);
  if (publisher && typeof publisher === 'object' && !publisher.name && publisher['@id']) {
    publisher = nodes.find((n) => n['@id'] === publisher['@id']) || publisher;
  }
  const type = scalar(main['@type']);
  const id = scalar(main.identifier) || scalar(main['@id']);
  return {
    page_title: scalar(main.headline) || scalar(main.name) || fallbackTitle,
    content_type: type,
    content_id: id,
    publisher: typeof publisher === 'string' ? publisher || null : scalar(publisher && publisher.name),
    object_type: type,
    object_id: id,
    context: scalar(main.articleSection),
  };
}
