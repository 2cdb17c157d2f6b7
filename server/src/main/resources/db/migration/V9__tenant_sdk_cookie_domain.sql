-- The Domain of the browser SDK's cookies on the tenant's sites; NULL: the page's own host.
ALTER TABLE tenants ADD COLUMN sdk_cookie_domain text;
