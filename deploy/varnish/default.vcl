# The front cache: Varnish 7 in front of the app servers (README.md, "Production and scaling").
#
# It keeps what the app's page cache shares (home/page_cache.py), and nothing else: answers that carry
# X-Cache-Tags, for their s-maxage, and the static files. Everything else passes to an app server: requests with
# the session or messages cookie, anything but GET and HEAD, the admin, and answers that are private, set a cookie
# or carry no tags. After each change the app purges page addresses (PURGE, Wagtail's frontend cache app) and bans
# by page-cache tag (BAN with X-Ban-Tags, home/front_cache.py), on the "purge" listener only.
#
# The app servers (backends, their probe and the round-robin director `app`) are in backends.vcl beside this file;
# deploy/cluster.py writes its own. Start with two listeners, the public one and the purge one:
#   varnishd -a public=:6081 -a purge=:6091 -f default.vcl -p vcl_path=<this folder>
vcl 4.1;

import directors;
import std;

include "backends.vcl";

acl purgers {
    "127.0.0.1";
    "::1";
    "10.0.0.0"/8;
    "172.16.0.0"/12;
    "192.168.0.0"/16;
}

sub vcl_recv {
    if (req.method == "PURGE" || req.method == "BAN") {
        # Only on the listener the public cannot reach, and from the app servers' networks.
        if (local.socket != "purge" || client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        if (req.method == "BAN") {
            if (!req.http.X-Ban-Tags) {
                return (synth(400, "X-Ban-Tags is missing"));
            }
            # Tag digests are hex: the pattern has no space or quote to escape.
            ban("obj.http.X-Cache-Tags ~ " + req.http.X-Ban-Tags);
            return (synth(200, "Banned"));
        }
        return (purge);
    }
    if (local.socket == "purge") {
        return (synth(404, "Purges only"));
    }

    set req.backend_hint = app.backend();
    # TLS ends before Varnish, whose proxy says so; a request without the header came over plain HTTP.
    if (!req.http.X-Forwarded-Proto) {
        set req.http.X-Forwarded-Proto = "http";
    }
    # Stale copies only while no app server answers (see beresp.grace below).
    if (std.healthy(req.backend_hint)) {
        set req.grace = 0s;
    }

    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Tracking parameters change nothing the site shows: out of the address before the lookup and before the app
    # sees it, as the page cache takes them out (home/page_cache.py, TRACKING_PARAMETERS and TRACKING_PREFIXES,
    # which tests/test_deploy.py holds this list to). The browser keeps them for the page's own analytics.
    if (req.url ~ "\?") {
        set req.url = regsuball(req.url, "(?i)([?&])(utm_[^=&]*|pk_[^=&]*|mtm_[^=&]*|fbclid|gclid|gclsrc|dclid|gbraid|wbraid|msclkid|yclid|twclid|ttclid|li_fat_id|igshid|mc_cid|mc_eid|_ga|_gl|_hsenc|_hsmi|mkt_tok|oly_anon_id|oly_enc_id|vero_id|wickedid)(=[^&]*)?(?=&|$)", "\1");
        set req.url = regsuball(req.url, "&&+", "&");
        set req.url = regsub(req.url, "\?&+", "?");
        set req.url = regsub(req.url, "[?&]+$", "");
    }
    # The visitors the page cache does not share pages with: a session (signed-in alumni, editors, an opened
    # password-protected page) or flash messages waiting. Other cookies do not change a shared page.
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|messages)=") {
        return (pass);
    }
    if (req.http.Authorization || req.url ~ "^/admin/") {
        return (pass);
    }
    return (hash);
}

sub vcl_hash {
    # As the page cache keys its entries: scheme, host and the path, with the query the app did not take out. A
    # parameter no view reads is kept out of the page cache's key, not this one: the app marks such an answer
    # private (no X-Cache-Tags), so it is never stored here once per value.
    hash_data(req.http.X-Forwarded-Proto);
    if (req.http.host) {
        hash_data(req.http.host);
    } else {
        hash_data(server.ip);
    }
    hash_data(req.url);
    return (lookup);
}

sub vcl_backend_fetch {
    # A retry (vcl_backend_error) goes to the next app server of the director.
    set bereq.backend = app.backend();
}

sub vcl_backend_response {
    if (bereq.uncacheable) {
        return (deliver);
    }
    if (beresp.http.Set-Cookie || beresp.http.Cache-Control ~ "(private|no-cache|no-store)") {
        set beresp.uncacheable = true;
        set beresp.ttl = 60s;
        return (deliver);
    }
    if (beresp.http.X-Cache-Tags) {
        # The page cache shares it with every visitor without a session: one copy, whatever else they send
        # (Django's Vary: Cookie and Accept-Language would keep one per visitor). Its lifetime is its s-maxage.
        unset beresp.http.Vary;
        set beresp.grace = 1h;
        return (deliver);
    }
    if (bereq.url ~ "^/static/" && beresp.status == 200) {
        return (deliver);
    }
    set beresp.uncacheable = true;
    set beresp.ttl = 60s;
    return (deliver);
}

sub vcl_backend_error {
    # An app server that is gone (refused, reset before its answer): the same GET from the next one, a few times,
    # since other requests move the round robin on meanwhile. The probe takes it out of rotation within seconds.
    if ((bereq.method == "GET" || bereq.method == "HEAD") && bereq.retries < 3) {
        return (retry);
    }
}

sub vcl_deliver {
    if (resp.http.X-Cache-Tags) {
        # s-maxage is for this cache, which hears of every change; a cache further on would not.
        set resp.http.Cache-Control = regsub(resp.http.Cache-Control, ",?\s*s-maxage=\d+", "");
        unset resp.http.X-Cache-Tags;
    }
    if (obj.hits > 0) {
        set resp.http.X-Cache = "hit";
    } else {
        set resp.http.X-Cache = "miss";
    }
}
