# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The dirsync-plugins developers
"""Users, groups and organizational contacts with onPremisesProvisioningErrors, for
check_dirsync_errors (imported by graph_sim.py; see t/sim/README.md).

GET /v1.0/users|groups|contacts honours $select and $top (at most 999) and pages with
@odata.nextLink ($skiptoken, opaque); objects are made on the fly from their index, so a
tenant of 10 000 users costs no memory. Each errors* tenant is one scenario (SCENARIOS);
the tenants of graph_sim.py's own scenarios get a small clean directory, delivered
through their faults (forbidden, throttled, html, ...).
"""

import json
import threading
import uuid
from urllib.parse import parse_qs, quote

COLLECTIONS = ("users", "groups", "contacts")
MAX_TOP = 999
DEFAULT_TOP = 100
SINCE = "2026-11-20T10:00:00Z"
SLOW_PAGE_SECONDS = 1.0

KNOWN = {
    "users": ("id", "displayName", "userPrincipalName", "mail", "onPremisesProvisioningErrors"),
    "groups": ("id", "displayName", "mail", "onPremisesProvisioningErrors"),
    "contacts": ("id", "displayName", "mail", "onPremisesProvisioningErrors"),
}


def conflict(prop, value, since=SINCE):
    return {"category": "PropertyConflict", "occurredDateTime": since,
            "propertyCausingError": prop, "value": value}


# Tenant -> collection -> (size, {index: [errors]}). "errorschanging" is set by
# POST /_sim/errors; "errorsbig" is made below.
FIXED = {
    "errorsnone": {"users": (5, {}), "groups": (2, {}), "contacts": (1, {})},
    "errorsmixed": {
        "users": (6, {1: [conflict("ProxyAddress", "smtp:bob@contoso.com")],
                      4: [conflict("UserPrincipalName", "alice@contoso.com")]}),
        "groups": (3, {2: [conflict("ProxyAddress", "SMTP:sales@contoso.com")]}),
        "contacts": (2, {}),
    },
    "errorscontact": {"users": (3, {}), "groups": (1, {}),
                      "contacts": (4, {3: [conflict("ProxyAddress",
                                                    "SMTP:partner@fabrikam.com")]})},
    # 10 000 users over 11 pages of 999; every 400th in error (25), one with two errors.
    "errorsbig": {"users": (10000, dict(
        [(i, [conflict("ProxyAddress", "smtp:user%d@contoso.com" % i)]) for i in
         range(399, 10000, 400)])),
        "groups": (3, {}), "contacts": (0, {})},
    # 3000 users, every 10th in error (300): more than a 4 KiB long output holds.
    "errorsmany": {"users": (3000, dict(
        [(i, [conflict("ProxyAddress", "smtp:user%d@contoso.com" % i)]) for i in
         range(9, 3000, 10)])),
        "groups": (0, {}), "contacts": (0, {})},
    # The users' page 2 is throttled once (429, Retry-After 1) after each reset.
    "errorsthrottled": {"users": (2500, {2000: [conflict("ProxyAddress",
                                                         "smtp:late@contoso.com")]}),
                        "groups": (1, {}), "contacts": (0, {})},
    # Every page takes SLOW_PAGE_SECONDS: 11 pages of users outlast a short -t.
    "errorsslow": {"users": (10000, {}), "groups": (0, {}), "contacts": (0, {})},
    # The users' first page links to https://localhost:<port> (another host).
    "errorsforeign": {"users": (1500, {}), "groups": (0, {}), "contacts": (0, {})},
    # Users fine (one in error), groups 403.
    "errorsgroupsforbidden": {"users": (2, {0: [conflict("UserPrincipalName",
                                                         "dup@contoso.com")]}),
                              "groups": (5, {}), "contacts": (0, {})},
    # Outside text: a control character and a bidi override in the value, a long name.
    "errorsodd": {"users": (1, {0: [conflict("ProxyAddress",
                                             "smtp:evil\u202egnp.exe\x07@contoso.com"),
                                    conflict("UserPrincipalName", "x" * 300)]}),
                  "groups": (0, {}), "contacts": (0, {})},
}
FIXED["errorsbig"]["users"][1][399].append(conflict("UserPrincipalName",
                                                    "user399@contoso.com"))
SCENARIOS = tuple(FIXED) + ("errorschanging",)

_lock = threading.Lock()
_changing = {"users": 0, "groups": 0, "contacts": 0}
_throttled_done = set()


def reset():
    """Part of POST /_sim/reset: the throttled page answers 429 again."""
    with _lock:
        _throttled_done.clear()


def control(query):
    """POST /_sim/errors?users=N&groups=M&contacts=K: the first N users (M groups, K
    contacts) of the errorschanging tenant (10 users, 4 groups, 2 contacts) are in
    error."""
    params = parse_qs(query)
    with _lock:
        for name in COLLECTIONS:
            if name in params:
                _changing[name] = int(params[name][0])
        return dict(_changing)


def directory(tenant, collection):
    """(size, errors by index) of a tenant's collection."""
    if tenant == "errorschanging":
        size = {"users": 10, "groups": 4, "contacts": 2}[collection]
        with _lock:
            count = _changing[collection]
        return size, {i: [conflict("ProxyAddress", "smtp:%s%d@contoso.com" % (
            collection[:-1], i))] for i in range(min(count, size))}
    if tenant in FIXED:
        return FIXED[tenant][collection]
    return {"users": 2, "groups": 1, "contacts": 1}[collection], {}


def make_object(tenant, collection, index, errors):
    """The full object; the caller keeps what $select asks for."""
    kind = collection[:-1]
    name = "%s%d" % (kind, index)
    if tenant == "errorsmixed" and collection == "users":
        name = {1: "bob", 4: "alice"}.get(index, name)
    if tenant == "errorsodd":
        name = "long-" + "n" * 200
    obj = {"id": str(uuid.uuid5(uuid.NAMESPACE_URL, "%s/%s/%d" % (tenant, collection, index))),
           "displayName": "%s %d" % (kind.capitalize(), index),
           "mail": "%s@contoso.com" % name,
           "onPremisesProvisioningErrors": errors}
    if collection == "users":
        obj["userPrincipalName"] = "%s@contoso.com" % name
    return obj


class ListError(Exception):
    """A Graph error for graph_sim.py to send: (status, code, message, headers)."""

    def __init__(self, status, code, message, headers=None):
        super().__init__(message)
        self.args_ = (status, code, message, headers or {})


def parse_query(collection, query):
    """($select list or None, $top, offset)."""
    params = parse_qs(query, keep_blank_values=True)
    select = None
    top = DEFAULT_TOP
    offset = 0
    for key, values in params.items():
        k = key.lower()
        if k in ("$select", "select"):
            select = [s.strip() for s in ",".join(values).split(",") if s.strip()]
            by_lower = {p.lower(): p for p in KNOWN[collection]}
            for item in select:
                if item.lower() not in by_lower:
                    raise ListError(400, "BadRequest", "Parsing OData Select and Expand failed: "
                                    "Could not find a property named '%s'." % item)
            select = [by_lower[s.lower()] for s in select]
        elif k in ("$top", "top"):
            try:
                top = int(values[0])
            except ValueError:
                raise ListError(400, "BadRequest", "Invalid $top.")
            if top < 1 or top > MAX_TOP:
                raise ListError(400, "Request_UnsupportedQuery",
                                "Invalid page size specified: '%d'. Must be between 1 and 999 "
                                "inclusive." % top)
        elif k == "$skiptoken":
            token = values[0]
            if not token.startswith("RFNwdA"):
                raise ListError(400, "Directory_ExpiredPageToken", "The page token is invalid.")
            offset = int(token[6:])
    return select, top, offset


def page(world, tenant, collection, query, host):
    """(document, delay seconds) for one page; ListError for a refusal."""
    select, top, offset = parse_query(collection, query)
    if tenant == "errorsgroupsforbidden" and collection == "groups":
        raise ListError(403, "Authorization_RequestDenied",
                        "Insufficient privileges to complete the operation.")
    if tenant == "errorsthrottled" and collection == "users" and offset > 0:
        with _lock:
            first = tenant not in _throttled_done
            _throttled_done.add(tenant)
        if first:
            raise ListError(429, "TooManyRequests", "Too many requests. Please retry after "
                            "the time specified in the Retry-After header.",
                            {"Retry-After": "1"})
    size, errors = directory(tenant, collection)
    items = []
    for index in range(offset, min(offset + top, size)):
        obj = make_object(tenant, collection, index, errors.get(index, []))
        if select is not None:
            names = ["id"] + [p for p in select if p != "id"]
            obj = {name: obj.get(name) for name in names}
        items.append(obj)
    context = "%s/v1.0/$metadata#%s" % (world.base, collection)
    if select is not None:
        context += "(%s)" % ",".join(select)
    doc = {"@odata.context": context}
    if offset + top < size:
        kept = [p for p in query.split("&") if not p.lower().startswith("%24skiptoken")
                and not p.lower().startswith("$skiptoken")]
        link_host = world.base
        if tenant == "errorsforeign" and host != "localhost":
            link_host = "https://localhost:%d" % world.https_port
        doc["@odata.nextLink"] = "%s/v1.0/%s?%s" % (
            link_host, collection, "&".join(kept + ["$skiptoken=" + quote("RFNwdA%d" % (
                offset + top))]))
    doc["value"] = items
    delay = SLOW_PAGE_SECONDS if tenant == "errorsslow" else 0
    return doc, delay


def to_bytes(doc):
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
