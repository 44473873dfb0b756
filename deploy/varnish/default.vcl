# Varnish 7.1 (Debian bookworm's "varnish") in front of the site, purged by content tags through the xkey
# module of "varnish-modules" 0.20. Why and how: docs/architecture.md, "The front cache (Varnish)".
#
# The site marks each public page with the tags of what it shows (response header "xkey", setting
# CACHE_TAG_HEADER) and how long a shared cache may keep it (Cache-Control s-maxage, setting
# SHARED_CACHE_SECONDS). After a change commits, the worker sends "PURGE" with "xkey-purge: <tags>"
# (setting VARNISH_PURGE_URL, e.g. http://127.0.0.1:6081/), and every page showing one of them is dropped.
# Anything personal is never stored: signed-in staff (session cookie), forms (CSRF cookie), the admin,
# previews, share links, contact, search and the API with a key.
vcl 4.1;

import xkey;

# The gunicorn the site runs under (gunicorn.conf.py binds it here).
backend default {
    .host = "127.0.0.1";
    .port = "8000";
}

# Who may purge: the worker, on this machine. Add the worker's address if it runs elsewhere.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Not allowed to purge"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "Name the tags to purge in xkey-purge"));
        }
        set req.http.n-gone = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged " + req.http.n-gone));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Staff, forms and private views: never from the cache, never into it.
    if (req.url ~ "^/(admin|ckeditor5|contact|search|shared|api)(/|\?|$)" || req.url ~ "/preview/") {
        return (pass);
    }
    if (req.http.Authorization || req.http.X-Api-Key) {
        return (pass);
    }
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|csrftoken|messages)=") {
        return (pass);
    }
    # Any other cookie (analytics) is not read by a public page: one stored copy serves everyone.
    unset req.http.Cookie;
    return (hash);
}

sub vcl_backend_response {
    # Stored only what the site marked as shareable and tagged, so that a purge can reach it.
    if (beresp.http.Set-Cookie || !beresp.http.xkey || beresp.http.Cache-Control !~ "s-maxage") {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;  # remember "do not cache" for this address, so requests are not queued
        return (deliver);
    }
    return (deliver);
}

sub vcl_deliver {
    # The tags are for this cache only; visitors see whether the page came from it.
    unset resp.http.xkey;
    if (obj.uncacheable) {
        set resp.http.X-Cache = "pass";
    } elsif (obj.hits > 0) {
        set resp.http.X-Cache = "hit";
    } else {
        set resp.http.X-Cache = "miss";
    }
}
