// /client.js: injects the compiled SDK with the tenant's configuration, which the server writes
// into the two placeholders; the embedding tag's own attributes (data-debug, ...) are passed on.
(function (d) {
  var me = d.currentScript;
  var s = d.createElement('script');
  var a, i;
  s.src = new URL('__ALLEGRO_SDK_PATH__', (me && me.src) || location.href).href;
  s.async = true;
  if (me) {
    for (i = 0; i < me.attributes.length; i++) {
      a = me.attributes[i];
      if (!/^(src|async|defer|id|integrity|nonce|type)$/.test(a.name)) s.setAttribute(a.name, a.value);
    }
    if (me.nonce) s.nonce = me.nonce;
  }
  s.setAttribute('data-tenant-config', '__ALLEGRO_TENANT_CONFIG__');
  (d.head || d.documentElement).appendChild(s);
})(document);
