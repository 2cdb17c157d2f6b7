// /client.js: injects the compiled SDK with the tenant's configuration; the server writes the
// bundle's absolute URL and the configuration into the two placeholders. The embedding tag's own
// attributes (data-debug, data-api-url, ...) and its nonce are passed on.
(function (d) {
  var me = d.currentScript;
  var s = d.createElement('script');
  var a, i;
  s.src = '__ALLEGRO_SDK_URL__';
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
