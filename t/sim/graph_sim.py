#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The dirsync-plugins developers
"""Loopback simulator of Microsoft Graph, the Microsoft identity platform token
endpoint and the Azure managed-identity endpoints, for the dirsync-plugins tests.

Start:
    /usr/bin/python3 graph_sim.py --pki DIR --state DIR \
        [--server-cert FILE --server-key FILE]

PKI comes from make-pki.sh. The simulator binds 127.0.0.1 twice on ephemeral
ports: HTTPS (identity + Graph + control endpoints, certificate PKI/server.pem)
and plain HTTP (IMDS and App Service managed identity). Once both listen it
writes STATE/https.port and STATE/http.port (atomically) and STATE/sim.pid;
every request is one line in STATE/requests.log (secrets, assertions and
tokens never appear there). STATE/secrets.log is the opposite, for tests that
prove no output leaks them: "token VALUE" for every access token issued and
"assertion VALUE" for every client assertion received, one per line. It runs
until SIGTERM or SIGINT, then exits 0.
Nothing is written to stdout in server mode.

BASE = "https://127.0.0.1:<https.port>" is the authority host AND the Graph
root: run the plugin with --authority-host=BASE --graph-url=BASE --ca-file=ca.pem.

Other commands:
    graph_sim.py mint-federated --pki DIR [--subject S] [--audience A]
                                [--issuer I] [--expired]
        prints a federated workload-identity JWT (RS256, header kid, signed
        with PKI/issuer-key.pem), iat/nbf now, exp now+3600 (now-60 with
        --expired).
    graph_sim.py tenants
        prints the tenant table below.

World constants
---------------
App A, the good app  client_id 5f6e1c2a-7b3d-4e8f-9a0b-1c2d3e4f5a6b
    client secret        Kx8Q~simulated.secret-VALUE_0123456789
    certificate          the certificate in PKI/app.pem; assertions signed
                         PS256 (header x5t#S256) or RS256 (header x5t)
    federated credential issuer   https://sim-issuer.example
                         subject  system:serviceaccount:monitoring:dirsync
                         audience api://AzureADTokenExchange
App B  client_id 0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9
    secret Expired~secret-VALUE_999 is expired (AADSTS7000222)
App C  client_id c0ffee00-1111-4222-8333-944455556666
    secret Disabled~secret-VALUE_777; the app is disabled (AADSTS7000112,
    whatever credential is sent)
Managed identity
    system-assigned (no client_id)          tokens for tenant "fresh",
                                            client_id 6b2e4f1a-3c5d-4e7f-9a1b-2c3d4e5f6a7b
    user-assigned 9d2b7c61-0f4e-4a3b-8c5d-6e7f8a9b0c1d  tokens for tenant "stale"
    user-assigned <a tenant's GUID>         tokens for that tenant, so that
                                            every scenario is reachable; the
                                            token scenarios (slowlogin, notoken,
                                            expires*) apply to these answers too
    App Service X-IDENTITY-HEADER secret    sim-identity-header-4d3c2b1a

Tenants: every scenario is a tenant, named by its domain "<scenario>.example"
or by its GUID (uuid5(NAMESPACE_DNS, domain)); both are case-insensitive in the
token URL. All three apps are registered in every tenant.
    scenario         domain                       GUID
    fresh            fresh.example                782e101b-38f9-5201-9046-be0e4491cd42
    stale            stale.example                ba42282d-8938-5dd4-8cf4-b4d24ef80da9
    verystale        verystale.example            523f0f6e-2ad2-5741-9b0e-4382fccfee26
    null             null.example                 e577ee8d-55e7-5d45-9b8b-64f72b4697c7
    disabled         disabled.example             1bd81e06-10db-5015-9a79-acdf8e0e6d67
    neversynced      neversynced.example          937ae6ba-603e-5f7e-9c7b-14783b25eb3c
    future           future.example               bd509191-8d09-5a29-86b1-271314c5904e
    skew             skew.example                 eb962171-0ce6-5f69-bdf1-4c663e03fb44
    farfuture        farfuture.example            a72aa070-ff9d-5941-a01e-3c483612c2f1
    password         password.example             4028b5d1-93f2-5247-80c4-d04ac5fd08aa
    passwordnull     passwordnull.example         a53acedd-de55-510f-ba7b-c2f3d5c97f35
    fraction         fraction.example             baa5e8ed-bc64-57de-a0d7-fb97ee09c878
    single           single.example               4f883df0-6fcf-521f-8ed6-1b19c673bf32
    empty            empty.example                8cdb6144-6e43-5ad0-b4d6-be1fb666f416
    wrongtype        wrongtype.example            a18652b6-1cf9-584c-a669-f58f61f9c678
    badtime          badtime.example              a814fb53-2aeb-5a84-af4c-9dcbe1b1c60d
    hugenumber       hugenumber.example           67c5eee3-ee6e-52b3-8f3b-6327c5d6e535
    hugeint          hugeint.example              56eb68b7-60ff-505c-a683-a3bf18293701
    badutf8          badutf8.example              531b5b6e-c5ea-51f4-b1d6-7e929d4192bc
    throttled        throttled.example            9c02368e-c0b9-5ffa-8934-6d237c6d9998
    throttledlong    throttledlong.example        ad43c6f1-f62b-5c98-aabd-0cf6a2ed8cea
    unavailable      unavailable.example          03c6cd48-2b09-57df-9a13-0c66daba1b08
    unavailablelong  unavailablelong.example      9a9b2a87-2c84-5923-9440-363f3321d48e
    error500         error500.example             af2602e8-63c7-52b6-b900-8a3e6a6c4add
    html             html.example                 d734599e-e8fc-531a-bb09-9ccfb08fe084
    truncated        truncated.example            5a141216-1963-579f-b100-7e29246ae0f1
    badjson          badjson.example              c7f7d81e-a5c3-5c07-afca-3e6dfc5de5ba
    huge             huge.example                 1c73ed45-03a4-53c9-9c81-600bbcf6fc35
    endless          endless.example              0090118d-6843-5d84-8495-35aaf786a728
    drop             drop.example                 c6fa71c7-54e2-5710-be64-e8568d19ba5a
    slow             slow.example                 c9ea4991-3d1c-5121-a8f9-de964c1f8248
    trickle          trickle.example              fe914628-959b-5cea-8edc-e182c4af776c
    forbidden        forbidden.example            5606e8dd-7adf-5e2d-8fd1-193a6c7fe4b0
    unauthorized     unauthorized.example         8a0952ea-6516-5111-9046-0eb063c5f62b
    redirect         redirect.example             8888663b-252e-5c48-8376-2fa54f3bc72f
    shortlived       shortlived.example           746772d7-c828-59c8-9087-8be1238b6f1b
    slowlogin        slowlogin.example            8d2adcbf-b607-5769-b2ea-f230c2bac164
    deepjson         deepjson.example             4decf8bd-b4b0-54e3-a200-e31cec86dc01
    notoken          notoken.example              bafd2f62-b369-5640-b700-d2d7ea8b8d5c
    expiresstring    expiresstring.example        fb2d840d-14de-5909-8900-9e9ec0f4fc46
    expiressoon      expiressoon.example          76e17103-b1b4-53df-b31f-2b5f166cb140
    expiresnegative  expiresnegative.example      084004ff-5785-5e36-bb9d-9a9f9e16d887
    expiresfloat     expiresfloat.example         ba40488d-02b5-5ff0-af09-78ce8787208f
    expireshuge      expireshuge.example          1e37ee43-6bc2-52cf-a64f-61e3b2f515e1
    expiresint80     expiresint80.example         77c78815-ab2a-5e2c-a4a1-fb31ae4fb555
    injectedtoken    injectedtoken.example        f1105adb-ad4e-5541-bcec-a57104870950
    retryzero        retryzero.example            52d78335-bea0-5918-a9a6-0fec60be498f
    retryhuge        retryhuge.example            d858cecc-64b8-5cbf-a57e-22a1bf054302
    loginretryzero   loginretryzero.example       acfbd24e-61c4-5c58-a238-d41c2bdff971
    controlcode      controlcode.example          52cb92b0-4ec7-588f-af14-9036b7ee7b74
    nulstring        nulstring.example            e4bb019a-a4ad-536a-b9be-28172872a6a0

Token endpoint errors (status, "error", AADSTS code)
    unknown tenant                           400 invalid_request        90002
    GET (or other non-POST) on the endpoint  400 invalid_request        900561
    body not x-www-form-urlencoded, or a
      required parameter missing             400 invalid_request        900144
    grant_type not client_credentials        400 unsupported_grant_type 70003
    unknown client_id                        400 unauthorized_client    700016
    app disabled (app C)                     400 unauthorized_client    7000112
    scope not exactly BASE/.default          400 invalid_scope          70011
    neither client_secret nor assertion      400 invalid_client         7000218
    both a secret and an assertion, or an
      unknown client_assertion_type          400 invalid_request        9002313
    wrong client secret                      401 invalid_client         7000215
    expired client secret (app B)            401 invalid_client         7000222
    assertion not a JWT / claim missing      400 invalid_request        50027
    certificate not registered (thumbprint
      unknown, header missing, other alg)    401 invalid_client         700027
    assertion signature invalid              401 invalid_client         700027
    iss or sub != client_id                  401 invalid_client         700021
    aud != BASE/<tenant as in URL>/oauth2/v2.0/token
                                             401 invalid_client         700023
    exp <= now, nbf > now+300,
      exp-nbf > 3600 (also federated expiry) 401 invalid_client         700024
    jti already used (replay)                401 invalid_client         700025
    federated token: bad signature/issuer/
      subject/audience, or app without one   400 invalid_request        70021
Federated tokens may be presented any number of times (no jti check), as a
projected Kubernetes token file is.
"""

import argparse
import base64
import hashlib
import json
import os
import re
import secrets
import signal
import socket
import socketserver
import ssl
import sys
import threading
import time
import traceback
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

import errors_sim  # users, groups and contacts for check_dirsync_errors (same folder)

# --------------------------------------------------------------------------
# The fixed world
# --------------------------------------------------------------------------

APP_A_ID = "5f6e1c2a-7b3d-4e8f-9a0b-1c2d3e4f5a6b"
APP_A_SECRET = "Kx8Q~simulated.secret-VALUE_0123456789"
APP_B_ID = "0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9"
APP_B_SECRET = "Expired~secret-VALUE_999"
APP_C_ID = "c0ffee00-1111-4222-8333-944455556666"
APP_C_SECRET = "Disabled~secret-VALUE_777"

FED_ISSUER = "https://sim-issuer.example"
FED_SUBJECT = "system:serviceaccount:monitoring:dirsync"
FED_AUDIENCE = "api://AzureADTokenExchange"

MI_SYSTEM_CLIENT_ID = "6b2e4f1a-3c5d-4e7f-9a1b-2c3d4e5f6a7b"
MI_USER_CLIENT_ID = "9d2b7c61-0f4e-4a3b-8c5d-6e7f8a9b0c1d"
MI_SYSTEM_TENANT = "fresh"
MI_USER_TENANT = "stale"
IDENTITY_HEADER_SECRET = "sim-identity-header-4d3c2b1a"

ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
TOKEN_LIFETIME = 3599
SHORT_TOKEN_LIFETIME = 120
GRAPH_CONTENT_TYPE = ("application/json;odata.metadata=minimal;odata.streaming=true;"
                      "IEEE754Compatible=false;charset=utf-8")
AAD_CONTENT_TYPE = "application/json; charset=utf-8"
MAX_REQUEST_BODY = 1 << 20
GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000"


@dataclass(frozen=True)
class App:
    """An app registration, the same in every tenant."""
    client_id: str
    name: str
    secret: str
    secret_expired: bool = False
    disabled: bool = False
    has_certificate: bool = False
    has_federated: bool = False


APPS = {a.client_id: a for a in (
    App(APP_A_ID, "dirsync-plugins monitoring", APP_A_SECRET,
        has_certificate=True, has_federated=True),
    App(APP_B_ID, "dirsync-plugins expired secret", APP_B_SECRET, secret_expired=True),
    App(APP_C_ID, "dirsync-plugins disabled app", APP_C_SECRET, disabled=True),
)}

MIN, HOUR, DAY = 60, 3600, 86400


class Raw:
    """A property value sent as it is (a wrong type or an unparsable string)."""

    def __init__(self, value):
        self.value = value


class RawJSON:
    """JSON text sent byte for byte where a value belongs: what json.dumps cannot
    write (1e999999) or must not (invalid UTF-8)."""

    def __init__(self, text):
        self.text = text


class Fraction:
    """A time written with 7 fraction digits and a +00:00 offset."""

    def __init__(self, offset):
        self.offset = offset


# scenario: (onPremisesSyncEnabled, onPremisesLastSyncDateTime,
#            onPremisesLastPasswordSyncDateTime (beta only))
# Times are seconds relative to the request time; None is JSON null.
FRESH = (True, -12 * MIN, -5 * MIN)
# synchronizationClientVersion per tenant (GET /beta/directory/onPremisesSynchronization);
# tenants not listed report the "fresh" build.
SYNC_CLIENTS = {
    "fresh": "2.6.92.0",
    "stale": "2.5.190.0",
    "verystale": "1.6.16.0",
    "password": "2.4.18.0",
    "null": None,
    "wrongtype": Raw(2692),
    "hugenumber": RawJSON(b"1e999999"),
    "hugeint": Raw(2 ** 80),
    "badutf8": RawJSON(b'"2.6.92.0\xc3\x28"'),
    # A NUL inside the string: read as a C string, it would be "2.6.92.0".
    "nulstring": RawJSON(b'"2.6.92.0\\u0000-tampered"'),
}

SCENARIO_DATA = {
    "fresh": FRESH,
    "stale": (True, -2 * HOUR, -2 * HOUR),
    "verystale": (True, -5 * HOUR, -5 * HOUR),
    "null": (None, None, None),
    "disabled": (False, -3 * DAY, -3 * DAY),
    "neversynced": (None, None, None),
    "future": (True, 10 * MIN, 10 * MIN),
    "skew": (True, 2 * MIN, 2 * MIN),
    "farfuture": (True, Raw("9999-12-31T23:59:59Z"), -5 * MIN),
    "password": (True, -10 * MIN, -4 * HOUR),
    "passwordnull": (True, -10 * MIN, None),
    "fraction": (True, Fraction(-20 * MIN), Fraction(-5 * MIN)),
    "wrongtype": (True, Raw(12345), -5 * MIN),
    "badtime": (True, Raw("yesterday"), -5 * MIN),
    "hugenumber": (True, RawJSON(b"1e999999"), -5 * MIN),
    "hugeint": (Raw(2 ** 80), Raw(2 ** 80), -5 * MIN),
    "badutf8": (True, RawJSON(b'"2026-11-24T14:58:21Z\xff\xfe"'), -5 * MIN),
    "nulstring": (True, RawJSON(b'"2026-11-24T14:58:21Z\\u0000tampered"'), -5 * MIN),
}
# Token endpoint answers with status 200 and the expires_in (and ext_expires_in) given
# here; "notoken" sends no access_token. Graph answers these tenants like "fresh".
# "expiresstring" is a valid answer: the v1 endpoint and AD FS send the number as a
# string.
# "injectedtoken" has a normal lifetime, but its access_token carries a CR LF and a
# header of its own, which must never reach a request.
TOKEN_ANSWER_FAULTS = {
    "notoken": TOKEN_LIFETIME,
    "expiresstring": str(TOKEN_LIFETIME),
    "expiressoon": "soon",
    "expiresnegative": -5,
    "expiresfloat": 1e30,
    "expireshuge": RawJSON(b"1e999999"),
    "expiresint80": 2 ** 80,
    "injectedtoken": TOKEN_LIFETIME,
}
INJECTED_HEADER = "\r\nX-Injected: 1"
# Answers that never stop asking to retry: tenant -> (status, Retry-After). Graph sends
# them for the first two on every request; the token endpoint for "loginretryzero",
# whose requests carry the credential each time.
RETRY_FOREVER = {
    "retryzero": (429, "0"),
    "retryhuge": (503, "1e300"),
    "loginretryzero": (429, "0"),
}
# Scenarios whose difference is the shape or delivery of the answer; their
# data (where they send any) is that of "fresh".
BEHAVIOUR_SCENARIOS = (
    "single", "empty", "throttled", "throttledlong", "unavailable", "unavailablelong",
    "error500", "html", "truncated", "badjson", "huge", "endless", "drop", "slow",
    "trickle", "forbidden", "unauthorized", "redirect", "shortlived", "slowlogin",
    "deepjson", "controlcode",
) + tuple(TOKEN_ANSWER_FAULTS) + tuple(RETRY_FOREVER)
SCENARIOS = tuple(SCENARIO_DATA) + BEHAVIOUR_SCENARIOS + errors_sim.SCENARIOS


def tenant_guid(name):
    """The tenant id of a scenario: uuid5 of its domain."""
    return str(uuid.uuid5(uuid.NAMESPACE_DNS, name + ".example"))


TENANTS = {name: (name + ".example", tenant_guid(name)) for name in SCENARIOS}
TENANT_LOOKUP = {}
for _name, (_domain, _guid) in TENANTS.items():
    TENANT_LOOKUP[_domain] = _name
    TENANT_LOOKUP[_guid] = _name

SLOW_SECONDS = 30          # "slow" Graph answer and "slowlogin" token answer
TRICKLE_INTERVAL = 1.0     # "trickle": one body byte per interval
ENDLESS_CHUNK = 64 * 1024  # "endless": one chunk of this size every 10 ms
HUGE_SIZE = 2 * 1024 * 1024
DEEP_NESTING = 100000      # "deepjson": arrays nested this deep where value belongs

# Property names Graph knows on organization, per API version.
V1_PROPERTIES = ("id", "displayName", "onPremisesLastSyncDateTime", "onPremisesSyncEnabled",
                 "tenantType", "countryLetterCode", "createdDateTime", "verifiedDomains")
BETA_PROPERTIES = V1_PROPERTIES + ("onPremisesLastPasswordSyncDateTime",)

SECRET_PARAMS = ("client_secret", "client_assertion", "assertion", "access_token",
                 "refresh_token", "id_token", "code", "password", "token", "sig")


# --------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------

def b64url(data):
    """base64url without padding."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


_B64URL_RE = re.compile(r"^[A-Za-z0-9_-]*={0,2}$")


def b64url_decode(text):
    """Strict base64url decoding (padding optional); ValueError if invalid."""
    if not isinstance(text, str) or not _B64URL_RE.match(text):
        raise ValueError("not base64url")
    text = text.rstrip("=")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def utc_iso(ts):
    """Graph's date-time format: 2026-11-24T14:58:21Z."""
    return datetime.fromtimestamp(int(ts), timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def aad_timestamp(ts):
    """The identity platform's timestamp format: 2026-11-24 14:58:21Z."""
    return datetime.fromtimestamp(int(ts), timezone.utc).strftime("%Y-%m-%d %H:%M:%SZ")


def to_json(obj):
    """Compact JSON, as the services send it; RawJSON values go in as they are."""
    raw = []

    def placeholder(value):
        if not isinstance(value, RawJSON):
            raise TypeError("%s is not JSON serializable" % type(value).__name__)
        raw.append(value.text)
        return "\0raw%d\0" % (len(raw) - 1)

    data = json.dumps(obj, separators=(",", ":"), default=placeholder).encode("utf-8")
    for i, text in enumerate(raw):
        data = data.replace(b'"\\u0000raw%d\\u0000"' % i, text)
    return data


def redact(text):
    """Removes anything secret from a log line: query secrets, bearer tokens, JWTs."""
    names = "|".join(SECRET_PARAMS)
    text = re.sub(r"(?i)\b(%s)=[^&\s]*" % names, r"\1=<redacted>", text)
    text = re.sub(r"(?i)bearer\s+\S+", "Bearer <redacted>", text)
    return re.sub(r"eyJ[A-Za-z0-9_.-]+", "<redacted>", text)


def load_pem_block(path, label):
    """The first PEM block with the given label in a file, as bytes."""
    with open(path, "rb") as f:
        data = f.read()
    m = re.search(rb"-----BEGIN %s-----.+?-----END %s-----" % (label, label), data, re.S)
    if not m:
        raise SystemExit("graph_sim: no %s in %s" % (label.decode(), path))
    return m.group(0)


def load_issuer_key(pki):
    """The private key that signs federated tokens."""
    with open(os.path.join(pki, "issuer-key.pem"), "rb") as f:
        return serialization.load_pem_private_key(f.read(), password=None)


def key_id(public_key):
    """kid of a public key: base64url SHA-256 of its SubjectPublicKeyInfo."""
    der = public_key.public_bytes(serialization.Encoding.DER,
                                  serialization.PublicFormat.SubjectPublicKeyInfo)
    return b64url(hashlib.sha256(der).digest())


def write_atomically(path, text):
    """Writes a file through a temporary file and a rename."""
    tmp = "%s.tmp.%d" % (path, os.getpid())
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, path)


class AuthError(Exception):
    """A token endpoint error: HTTP status, OAuth error, AADSTS code, text."""

    def __init__(self, status, error, code, text):
        super().__init__(text)
        self.status, self.error, self.code, self.text = status, error, code, text


@dataclass
class IssuedToken:
    """What the simulator remembers about an access token it issued."""
    tenant: str
    audience: str
    expires_at: float
    client_id: str
    via: str


# --------------------------------------------------------------------------
# The shared world: registrations, issued tokens, counters
# --------------------------------------------------------------------------

def new_tenant_counters():
    """Counters kept for each tenant."""
    return {"token_requests": 0, "tokens_issued": 0, "graph_requests": 0,
            "v1_requests": 0, "beta_requests": 0}


class World:
    """State shared by every request thread; all mutable state is guarded by lock."""

    def __init__(self, pki, state):
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.state = state
        self.https_port = 0
        self.base = ""
        cert_pem = load_pem_block(os.path.join(pki, "app.pem"), b"CERTIFICATE")
        cert = x509.load_pem_x509_certificate(cert_pem)
        der = cert.public_bytes(serialization.Encoding.DER)
        self.app_public_key = cert.public_key()
        self.app_x5t = b64url(hashlib.sha1(der).digest())
        self.app_x5t_s256 = b64url(hashlib.sha256(der).digest())
        self.issuer_public_key = load_issuer_key(pki).public_key()
        self.issuer_kid = key_id(self.issuer_public_key)
        self.tokens = {}
        self.used_jti = set()
        self.log = open(os.path.join(state, "requests.log"), "a", buffering=1)
        self.log_lock = threading.Lock()
        self.secrets_log = open(os.path.join(state, "secrets.log"), "a", buffering=1)
        self._reset_counters()

    def set_https_port(self, port):
        """Fixes BASE once the HTTPS socket is bound."""
        self.https_port = port
        self.base = "https://127.0.0.1:%d" % port

    def _reset_counters(self):
        """Zeroes the counters and the per-tenant "first request" state (lock held)."""
        self.counters = {"token_requests": 0, "tokens_issued": 0, "graph_requests": 0,
                         "imds_requests": 0, "appservice_requests": 0,
                         "sync_config_requests": 0, "directory_requests": 0,
                         "authorized_requests_to_other_host": 0}
        self.by_credential = {"client_secret": 0, "certificate_PS256": 0,
                              "certificate_RS256": 0, "federated": 0,
                              "managed_identity": 0}
        self.pss_salt_not_32 = 0
        self.last_user_agent = None
        self.per_tenant = {name: new_tenant_counters() for name in SCENARIOS}
        self.first_done = set()

    def reset(self):
        """POST /_sim/reset: counters and first-request state only."""
        with self.lock:
            self._reset_counters()
        errors_sim.reset()

    def count(self, name, tenant=None, tenant_counter=None):
        """Adds one to a global counter and, if given, one tenant counter."""
        with self.lock:
            if name:
                self.counters[name] += 1
            if tenant and tenant_counter:
                self.per_tenant[tenant][tenant_counter] += 1

    def note_user_agent(self, agent):
        """Remembers the User-Agent of the last request."""
        with self.lock:
            self.last_user_agent = agent

    def first_request(self, tenant):
        """True the first time it is asked for a tenant since the last reset."""
        with self.lock:
            if tenant in self.first_done:
                return False
            self.first_done.add(tenant)
            return True

    def use_jti(self, jti):
        """Records an assertion id; False if it was seen before (a replay)."""
        with self.lock:
            if jti in self.used_jti:
                return False
            self.used_jti.add(jti)
            return True

    def note_pss_salt(self):
        """Counts a PS256 assertion whose salt length was not 32."""
        with self.lock:
            self.pss_salt_not_32 += 1

    def stats(self):
        """A snapshot of the counters for GET /_sim/stats."""
        with self.lock:
            out = dict(self.counters)
            out["tokens_issued_by_credential"] = dict(self.by_credential)
            out["pss_salt_length_not_32"] = self.pss_salt_not_32
            out["last_user_agent"] = self.last_user_agent
            out["per_tenant"] = {k: dict(v) for k, v in self.per_tenant.items()}
            return out

    def issue_token(self, tenant, audience, client_id, via, lifetime):
        """Creates and remembers an opaque, JWT-looking access token."""
        now = int(time.time())
        tid = TENANTS[tenant][1]
        header = {"typ": "JWT", "alg": "RS256", "nonce": b64url(secrets.token_bytes(32)),
                  "x5t": b64url(secrets.token_bytes(20)), "kid": b64url(secrets.token_bytes(20))}
        oid = str(uuid.uuid5(uuid.NAMESPACE_URL, tenant + "/" + client_id))
        claims = {
            "aud": audience, "iss": "https://sts.windows.net/%s/" % tid,
            "iat": now, "nbf": now, "exp": now + lifetime,
            "aio": b64url(secrets.token_bytes(48)), "app_displayname": "dirsync-plugins",
            "appid": client_id, "appidacr": "1" if via == "client_secret" else "2",
            "idp": "https://sts.windows.net/%s/" % tid, "idtyp": "app", "oid": oid,
            "rh": "0." + b64url(secrets.token_bytes(40)), "roles": ["Organization.Read.All"],
            "sub": oid, "tenant_region_scope": "EU", "tid": tid,
            "uti": b64url(secrets.token_bytes(16)), "ver": "1.0",
            "wids": ["0997a1d0-0d1d-4acb-b408-d5ca73121e90"],
            "xms_idrel": "7 14", "xms_tcdt": 1600000000,
        }
        token = ".".join((b64url(to_json(header)), b64url(to_json(claims)),
                          b64url(secrets.token_bytes(256))))
        with self.lock:
            if len(self.tokens) > 10000:
                self.tokens = {k: v for k, v in self.tokens.items() if v.expires_at > now}
            self.tokens[token] = IssuedToken(tenant, audience, now + lifetime, client_id, via)
            self.counters["tokens_issued"] += 1
            self.per_tenant[tenant]["tokens_issued"] += 1
            self.by_credential[via if not via.startswith("mi_") else "managed_identity"] += 1
        self.record_secret("token", token)
        return token, now, now + lifetime

    def lookup_token(self, token):
        """The IssuedToken for a token string, or None."""
        with self.lock:
            return self.tokens.get(token)

    def record_secret(self, kind, value):
        """Appends "kind value" to secrets.log: what tests search every output for."""
        with self.log_lock:
            try:
                self.secrets_log.write("%s %s\n" % (kind, value))
            except (OSError, ValueError):
                pass

    def write_log(self, line):
        """Appends one (already redacted) line to requests.log."""
        with self.log_lock:
            try:
                self.log.write(line.rstrip("\n") + "\n")
            except (OSError, ValueError):
                pass


# --------------------------------------------------------------------------
# Graph answers
# --------------------------------------------------------------------------

def format_value(value, now):
    """The JSON value of a scenario property at request time `now`."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, Raw):
        return value.value
    if isinstance(value, RawJSON):
        return value
    if isinstance(value, Fraction):
        stamp = datetime.fromtimestamp(int(now) + value.offset, timezone.utc)
        return stamp.strftime("%Y-%m-%dT%H:%M:%S") + ".1234567+00:00"
    return utc_iso(now + value)


def organization(tenant, now):
    """The full organization object of a tenant (every property Graph would send)."""
    data = SCENARIO_DATA.get(tenant, FRESH)
    domain, guid = TENANTS[tenant]
    return {
        "id": guid,
        "displayName": "Contoso %s" % tenant,
        "onPremisesLastSyncDateTime": format_value(data[1], now),
        "onPremisesSyncEnabled": format_value(data[0], now),
        "onPremisesLastPasswordSyncDateTime": format_value(data[2], now),
        "tenantType": "AAD",
        "countryLetterCode": "DE",
        "createdDateTime": "2019-04-01T08:00:00Z",
        "verifiedDomains": [{"capabilities": "Email, OfficeCommunicationsOnlineService",
                             "isDefault": True, "isInitial": False, "name": domain,
                             "type": "Managed"}],
    }


class GraphError(Exception):
    """A Graph error answer: status, code, message, extra headers."""

    def __init__(self, status, code, message, headers=None):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.headers = headers or {}


def parse_select(query, version):
    """The property list of $select (or None for all), in request order."""
    params = parse_qs(query, keep_blank_values=True)
    known = BETA_PROPERTIES if version == "beta" else V1_PROPERTIES
    by_lower = {p.lower(): p for p in known}
    raw = None
    for key, values in params.items():
        if key.lower() in ("$select", "select"):
            raw = ",".join(values)
    if raw is None:
        return None
    props = []
    for item in raw.split(","):
        item = item.strip()
        if not item:
            continue
        if item.lower() not in by_lower:
            raise GraphError(400, "BadRequest",
                             "Parsing OData Select and Expand failed: Could not find a property "
                             "named '%s' on type 'microsoft.graph.organization'." % item)
        if by_lower[item.lower()] not in props:
            props.append(by_lower[item.lower()])
    if not props:
        raise GraphError(400, "BadRequest", "Invalid $select properties.")
    return props


def organization_document(world, tenant, version, props, single, now):
    """The JSON document Graph sends for GET /organization (or /organization/{id})."""
    full = organization(tenant, now)
    if props is None:
        names = [p for p in (BETA_PROPERTIES if version == "beta" else V1_PROPERTIES)]
        selection = ""
    else:
        names = ["id"] + [p for p in props if p != "id"]
        selection = "(%s)" % ",".join(props)
    obj = {name: full[name] for name in names}
    context = "%s/%s/$metadata#organization%s" % (world.base, version, selection)
    if single:
        return dict({"@odata.context": context + "/$entity"}, **obj)
    return {"@odata.context": context, "value": [obj]}


def sync_configuration_document(world, tenant, single, now):
    """The JSON document Graph sends for GET /beta/directory/onPremisesSynchronization."""
    domain, guid = TENANTS[tenant]
    version = SYNC_CLIENTS.get(tenant, SYNC_CLIENTS["fresh"])
    entry = {
        "id": guid,
        "configuration": {
            "accidentalDeletionPrevention": {"synchronizationPreventionType":
                                             "enabledForCount", "alertThreshold": 500},
            "synchronizationInterval": "PT30M",
            "customerRequestedSynchronizationInterval": "PT30M",
            "anchorAttribute": "mS-DS-ConsistencyGuid",
            "applicationId": "6bf85cfa-ac8a-4be5-b5de-425a0d0dc016",
            "synchronizationClientVersion": format_value(version, now)
            if isinstance(version, (Raw, RawJSON)) else version,
            "currentExportData": {"pendingObjectsAddition": 0, "pendingObjectsDeletion": 0,
                                  "pendingObjectsUpdate": 3,
                                  "clientMachineName": "SYNC01-%s" % tenant.upper(),
                                  "serviceAccount": "Sync_SYNC01_1@%s" % domain,
                                  "totalConnectorSpaceObjects": 1234},
        },
        "features": {"passwordSyncEnabled": True, "passwordWritebackEnabled": False},
    }
    context = "%s/beta/$metadata#directory/onPremisesSynchronization" % world.base
    if single:
        return dict({"@odata.context": context + "/$entity"}, **entry)
    return {"@odata.context": context, "value": [entry]}


CAPTIVE_PORTAL = b"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Guest Wi-Fi - Sign in</title></head>
<body><h1>Welcome to Contoso Guest Wi-Fi</h1>
<p>Please accept the terms of use to continue to the Internet.</p>
<form method="post" action="/login"><input type="checkbox" name="accept"> I accept
<button type="submit">Connect</button></form></body></html>
"""

ERROR_500_PAGE = b"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN"
 "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head>
<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"/>
<title>500 - Internal server error.</title></head>
<body><div id="header"><h1>Server Error</h1></div>
<div id="content"><fieldset><h2>500 - Internal server error.</h2>
<h3>There is a problem with the resource you are looking for, and it cannot be displayed.</h3>
</fieldset></div></body></html>
"""


# --------------------------------------------------------------------------
# Client assertions
# --------------------------------------------------------------------------

def split_jwt(jwt):
    """(header, payload, signing input, signature) of a compact JWS; AuthError 50027."""
    parts = jwt.split(".") if isinstance(jwt, str) else []
    try:
        if len(parts) != 3:
            raise ValueError("not three parts")
        header = json.loads(b64url_decode(parts[0]))
        payload = json.loads(b64url_decode(parts[1]))
        signature = b64url_decode(parts[2])
        if not isinstance(header, dict) or not isinstance(payload, dict):
            raise ValueError("not objects")
    except (ValueError, UnicodeDecodeError):
        raise AuthError(400, "invalid_request", 50027, "JWT token is invalid or malformed.")
    return header, payload, (parts[0] + "." + parts[1]).encode("ascii"), signature


def number_claim(payload, name):
    """A required numeric claim; AuthError 50027 if missing or not a number."""
    value = payload.get(name)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise AuthError(400, "invalid_request", 50027,
                        "JWT token is invalid or malformed. Claim '%s' is missing or not a "
                        "number." % name)
    return value


def audience_matches(aud, expected):
    """A JWT aud claim (string or array) contains the expected value."""
    if isinstance(aud, list):
        return expected in aud
    return aud == expected


# --------------------------------------------------------------------------
# HTTP
# --------------------------------------------------------------------------

class SimServer(ThreadingHTTPServer):
    """One listening socket of the simulator (HTTPS or plain HTTP)."""
    daemon_threads = True

    def __init__(self, address, world, kind, ssl_context=None):
        self.world = world
        self.kind = kind
        self.ssl_context = ssl_context
        super().__init__(address, Handler)

    def server_bind(self):
        """Binds without HTTPServer's reverse DNS lookup of the address."""
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    def finish_request(self, request, client_address):
        """Runs in the connection's thread: TLS handshake there, then HTTP."""
        # Headers and body leave in separate writes; with Nagle's algorithm the body
        # would wait for the client's delayed ACK (40 ms per answer).
        try:
            request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:
            pass
        if self.ssl_context is None:
            super().finish_request(request, client_address)
            return
        request.settimeout(10)
        try:
            conn = self.ssl_context.wrap_socket(request, server_side=True)
        except (OSError, ValueError) as e:
            self.world.write_log("%s %s %s:%d TLS handshake failed: %s" % (
                utc_iso(time.time()), self.kind, client_address[0], client_address[1],
                redact(str(e))))
            return
        try:
            self.RequestHandlerClass(conn, client_address, self)
        finally:
            try:
                conn.close()
            except OSError:
                pass

    def handle_error(self, request, client_address):
        """Logs a broken connection in requests.log instead of printing a traceback."""
        exc = sys.exc_info()[1]
        detail = "%s: %s" % (type(exc).__name__, exc)
        if not isinstance(exc, OSError):
            detail = traceback.format_exc().replace("\n", " | ")
        self.world.write_log("%s %s %s:%d connection error: %s" % (
            utc_iso(time.time()), self.kind, client_address[0], client_address[1],
            redact(detail)))


class Handler(BaseHTTPRequestHandler):
    """Routes one HTTP request to the simulated service it addresses."""
    protocol_version = "HTTP/1.1"
    server_version = "graph-sim/1.0"
    sys_version = ""
    timeout = 60

    # --- plumbing -------------------------------------------------------

    def version_string(self):
        """The Server header."""
        return self.server_version

    def do_GET(self):
        """Every method goes through dispatch()."""
        self.dispatch()

    do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = do_GET

    @property
    def world(self):
        """The shared World."""
        return self.server.world

    def log_request(self, code="-", size="-"):
        """One line per answer in requests.log, secrets removed."""
        code = getattr(code, "value", code)
        note = getattr(self, "log_note", "")
        self.world.write_log("%s %s %s %s %s%s" % (
            utc_iso(time.time()), self.server.kind, self.command or "-",
            redact(getattr(self, "path", "-")), code,
            (" " + redact(note.strip())) if note.strip() else ""))

    def log_message(self, format, *args):
        """Other messages of http.server (timeouts, bad requests) also go to requests.log."""
        self.world.write_log("%s %s %s" % (utc_iso(time.time()), self.server.kind,
                                           redact(format % args)))

    def read_body(self):
        """The request body (Content-Length or chunked); None if an error was sent."""
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            body = b""
            while True:
                size_line = self.rfile.readline(100)
                try:
                    size = int(size_line.split(b";")[0].strip(), 16)
                except ValueError:
                    self.send_plain(400, b"bad chunk\n", close=True)
                    return None
                if size == 0:
                    while self.rfile.readline(8192) not in (b"\r\n", b"\n", b""):
                        pass
                    return body
                if len(body) + size > MAX_REQUEST_BODY:
                    self.send_plain(413, b"request body too large\n", close=True)
                    return None
                body += self.rfile.read(size)
                self.rfile.readline(10)
        length = self.headers.get("Content-Length")
        if length is None:
            return b""
        try:
            n = int(length)
            if n < 0:
                raise ValueError
        except ValueError:
            self.send_plain(400, b"bad Content-Length\n", close=True)
            return None
        if n > MAX_REQUEST_BODY:
            self.send_plain(413, b"request body too large\n", close=True)
            return None
        return self.rfile.read(n)

    def send_bytes(self, status, body, content_type, headers=None, close=False):
        """A complete answer with Content-Length."""
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        if close:
            self.send_header("Connection", "close")
        self.end_headers()
        if body and self.command != "HEAD":
            self.wfile.write(body)

    def send_plain(self, status, body, close=False):
        """A text/plain answer."""
        self.send_bytes(status, body, "text/plain; charset=utf-8", close=close)

    def send_simple_json(self, status, obj, headers=None):
        """A JSON answer with the identity platform's content type."""
        self.send_bytes(status, to_json(obj), AAD_CONTENT_TYPE, headers)

    def host_name(self):
        """The host part of the Host header, lower-case."""
        host = self.headers.get("Host", "").strip().lower()
        if host.startswith("["):
            return host.split("]")[0] + "]"
        return host.rsplit(":", 1)[0] if ":" in host else host

    def dispatch(self):
        """Reads the body, counts, and hands the request to the right service."""
        self.log_note = ""
        body = self.read_body()
        if body is None:
            return
        self.body = body
        parts = urlsplit(self.path)
        path, query = parts.path, parts.query
        if not path.startswith("/_sim/"):
            self.world.note_user_agent(self.headers.get("User-Agent"))
        if self.server.kind == "http":
            self.route_http(path, query)
        else:
            if self.headers.get("Authorization") is not None and self.host_name() == "localhost":
                self.world.count("authorized_requests_to_other_host")
            self.route_https(path, query)

    def route_http(self, path, query):
        """The plain-HTTP port: managed-identity endpoints only."""
        if path == "/metadata/identity/oauth2/token":
            self.handle_imds(query)
        elif path == "/msi/token":
            self.handle_appservice(query)
        else:
            self.send_simple_json(404, {"error": "not_found",
                                        "error_description": "No such endpoint: %s" % path})

    def route_https(self, path, query):
        """The HTTPS port: control, token endpoint, Graph."""
        if path == "/_sim/stats":
            self.handle_stats()
            return
        if path == "/_sim/reset":
            self.handle_reset()
            return
        if path == "/_sim/errors" and self.command == "POST":
            self.send_simple_json(200, errors_sim.control(query))
            return
        m = re.match(r"^/([^/]+)/oauth2/v2\.0/token/?$", path)
        if m:
            self.handle_token(unquote(m.group(1)))
            return
        segments = [unquote(s) for s in path.split("/")[1:]]
        if segments and segments[0].lower() in ("v1.0", "beta"):
            self.handle_graph(segments[0].lower(), segments[1:], query)
            return
        self.send_graph_error(GraphError(
            400, "BadRequest", "Invalid version: %s" % (segments[0] if segments else "")))

    # --- control ----------------------------------------------------------

    def handle_stats(self):
        """GET /_sim/stats: the counters as JSON."""
        if self.command != "GET":
            self.send_simple_json(405, {"error": "method not allowed"})
            return
        self.send_simple_json(200, self.world.stats())

    def handle_reset(self):
        """POST /_sim/reset: zero the counters and the first-request state."""
        if self.command != "POST":
            self.send_simple_json(405, {"error": "method not allowed"})
            return
        self.world.reset()
        self.send_simple_json(200, {"reset": True})

    # --- identity platform ----------------------------------------------

    def send_aad_error(self, err):
        """An error in the identity platform's exact shape."""
        now = time.time()
        trace = str(uuid.uuid4())
        corr = self.headers.get("client-request-id") or str(uuid.uuid4())
        stamp = aad_timestamp(now)
        desc = "AADSTS%d: %s\r\nTrace ID: %s\r\nCorrelation ID: %s\r\nTimestamp: %s" % (
            err.code, err.text, trace, corr, stamp)
        body = {"error": err.error, "error_description": desc, "error_codes": [err.code],
                "timestamp": stamp, "trace_id": trace, "correlation_id": corr,
                "error_uri": "https://login.microsoftonline.com/error?code=%d" % err.code}
        self.log_note += " AADSTS%d" % err.code
        self.send_simple_json(err.status, body, self.aad_headers(trace))

    def aad_headers(self, trace):
        """Headers the token endpoint sends with every answer."""
        return {"Cache-Control": "no-store, no-cache", "Pragma": "no-cache",
                "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
                "X-Content-Type-Options": "nosniff", "x-ms-request-id": trace}

    def handle_token(self, tenant_in_url):
        """POST /{tenant}/oauth2/v2.0/token: client credentials grant."""
        if self.command == "POST":
            self.world.count("token_requests")
        tenant = TENANT_LOOKUP.get(tenant_in_url.lower())
        self.log_note = "tenant=%s" % (tenant or "?")
        try:
            if self.command != "POST":
                raise AuthError(400, "invalid_request", 900561,
                                "The endpoint only accepts POST, OPTIONS requests. Received a "
                                "%s request." % self.command)
            if tenant is None:
                raise AuthError(400, "invalid_request", 90002,
                                "Tenant '%s' not found. Check to make sure you have the correct "
                                "tenant ID and are signing into the correct cloud. Check with "
                                "your subscription administrator, this may happen if there are "
                                "no active subscriptions for the tenant." % tenant_in_url)
            self.world.count(None, tenant, "token_requests")
            if tenant == "loginretryzero":
                self.send_token_throttled(tenant)
                return
            if tenant == "slowlogin":
                self.world.stop.wait(SLOW_SECONDS)
            client_id, via, lifetime = self.authenticate_client(tenant, tenant_in_url)
        except AuthError as err:
            self.send_aad_error(err)
            return
        self.log_note += " client=%s cred=%s" % (client_id, via)
        expires_in = TOKEN_ANSWER_FAULTS.get(tenant, lifetime)
        answer = {"token_type": "Bearer", "expires_in": expires_in, "ext_expires_in": expires_in}
        if tenant != "notoken":
            answer["access_token"], _, _ = self.world.issue_token(
                tenant, self.world.base, client_id, via, lifetime)
        if tenant == "injectedtoken":
            answer["access_token"] += INJECTED_HEADER
        self.send_simple_json(200, answer, self.aad_headers(str(uuid.uuid4())))

    def send_token_throttled(self, tenant):
        """The identity platform's throttling answer, with the scenario's Retry-After."""
        status, retry_after = RETRY_FOREVER[tenant]
        trace = str(uuid.uuid4())
        stamp = aad_timestamp(time.time())
        body = {"error": "temporarily_unavailable",
                "error_description": "AADSTS90055: TenantThrottlingError: There are too many "
                                     "incoming requests. This request was throttled. Please "
                                     "try again later.\r\nTrace ID: %s\r\nTimestamp: %s"
                                     % (trace, stamp),
                "error_codes": [90055], "timestamp": stamp, "trace_id": trace}
        headers = self.aad_headers(trace)
        headers["Retry-After"] = retry_after
        self.log_note += " AADSTS90055"
        self.send_simple_json(status, body, headers)

    def form(self):
        """The x-www-form-urlencoded body as a dict (first value of each name)."""
        ctype = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if ctype != "application/x-www-form-urlencoded":
            raise AuthError(400, "invalid_request", 900144,
                            "The request body must contain the following parameter: "
                            "'grant_type'.")
        try:
            text = self.body.decode("utf-8")
        except UnicodeDecodeError:
            raise AuthError(400, "invalid_request", 9002313,
                            "Invalid request. Request is malformed or invalid.")
        params = parse_qs(text, keep_blank_values=True)
        return {k: v[0] for k, v in params.items()}

    def authenticate_client(self, tenant, tenant_in_url):
        """Checks a client-credentials request; (client_id, credential kind, lifetime)."""
        form = self.form()

        def required(name):
            value = form.get(name, "")
            if value == "":
                raise AuthError(400, "invalid_request", 900144,
                                "The request body must contain the following parameter: "
                                "'%s'." % name)
            return value

        grant = required("grant_type")
        if grant != "client_credentials":
            raise AuthError(400, "unsupported_grant_type", 70003,
                            "The app requested an unsupported grant type '%s'." % grant)
        client_id = required("client_id")
        app = APPS.get(client_id.lower())
        if app is None:
            raise AuthError(400, "unauthorized_client", 700016,
                            "Application with identifier '%s' was not found in the directory "
                            "'%s'. This can happen if the application has not been installed "
                            "by the administrator of the tenant or consented to by any user in "
                            "the tenant. You may have sent your authentication request to the "
                            "wrong tenant." % (client_id, TENANTS[tenant][0]))
        if app.disabled:
            raise AuthError(400, "unauthorized_client", 7000112,
                            "Application '%s'(%s) is disabled." % (app.client_id, app.name))
        scope = required("scope")
        if scope != self.world.base + "/.default":
            raise AuthError(400, "invalid_scope", 70011,
                            "The provided request must include a 'scope' input parameter. The "
                            "provided value for the input parameter 'scope' is not valid. The "
                            "scope %s is not valid." % scope)
        secret = form.get("client_secret")
        assertion = form.get("client_assertion")
        if secret is None and assertion is None:
            raise AuthError(400, "invalid_client", 7000218,
                            "The request body must contain the following parameter: "
                            "'client_assertion' or 'client_secret'.")
        if secret is not None and assertion is not None:
            raise AuthError(400, "invalid_request", 9002313,
                            "Invalid request. Request is malformed or invalid. Send either "
                            "'client_secret' or 'client_assertion', not both.")
        lifetime = SHORT_TOKEN_LIFETIME if tenant == "shortlived" else TOKEN_LIFETIME
        if secret is not None:
            self.check_secret(app, secret)
            return app.client_id, "client_secret", lifetime
        atype = form.get("client_assertion_type", "")
        if atype == "":
            required("client_assertion_type")
        if atype != ASSERTION_TYPE:
            raise AuthError(400, "invalid_request", 9002313,
                            "Invalid request. Request is malformed or invalid. Unsupported "
                            "client_assertion_type '%s'." % atype)
        self.world.record_secret("assertion", assertion)
        header, payload, signing_input, signature = split_jwt(assertion)
        if payload.get("iss") == FED_ISSUER:
            self.check_federated(app, header, payload, signing_input, signature)
            return app.client_id, "federated", lifetime
        alg = self.check_certificate_assertion(app, tenant_in_url, header, payload,
                                               signing_input, signature)
        return app.client_id, "certificate_" + alg, lifetime

    def check_secret(self, app, secret):
        """Client secret authentication."""
        if not secrets.compare_digest(secret.encode("utf-8"), app.secret.encode("utf-8")):
            raise AuthError(401, "invalid_client", 7000215,
                            "Invalid client secret provided. Ensure the secret being sent in "
                            "the request is the client secret value, not the client secret ID, "
                            "for a secret added to app '%s'." % app.client_id)
        if app.secret_expired:
            raise AuthError(401, "invalid_client", 7000222,
                            "The provided client secret keys for app '%s' are expired. Visit "
                            "the Azure portal to create new keys for your app: "
                            "https://aka.ms/NewClientSecret, or consider using certificate "
                            "credentials for added security: https://aka.ms/certCreds."
                            % app.client_id)

    def check_federated(self, app, header, payload, signing_input, signature):
        """A federated (workload identity) token as the client assertion."""
        sub, aud = payload.get("sub"), payload.get("aud")
        no_match = AuthError(
            400, "invalid_request", 70021,
            "No matching federated identity record found for presented assertion. Assertion "
            "Issuer: '%s'. Assertion Subject: '%s'. Assertion Audience: '%s'. "
            "https://learn.microsoft.com/entra/workload-id/workload-identity-federation"
            % (payload.get("iss"), sub, aud if isinstance(aud, str) else json.dumps(aud)))
        if not app.has_federated or header.get("alg") != "RS256":
            raise no_match
        try:
            self.world.issuer_public_key.verify(signature, signing_input,
                                                padding.PKCS1v15(), hashes.SHA256())
        except InvalidSignature:
            raise no_match
        if sub != FED_SUBJECT or not audience_matches(aud, FED_AUDIENCE):
            raise no_match
        now = time.time()
        exp = number_claim(payload, "exp")
        nbf = payload.get("nbf", payload.get("iat", now))
        if exp <= now or (isinstance(nbf, (int, float)) and nbf > now + 300):
            raise AuthError(401, "invalid_client", 700024,
                            "Client assertion is not within its valid time range. Current time: "
                            "%s, assertion valid from %s, expiry time of assertion %s."
                            % (utc_iso(now), utc_iso(nbf) if isinstance(nbf, (int, float))
                               else "?", utc_iso(exp)))

    def check_certificate_assertion(self, app, tenant_in_url, header, payload,
                                    signing_input, signature):
        """A client assertion signed with the app's certificate; returns the alg."""
        alg = header.get("alg")
        thumb_name = {"PS256": "x5t#S256", "RS256": "x5t"}.get(alg)
        thumb = header.get(thumb_name) if thumb_name else None
        thumb_hex = ""
        try:
            thumb_hex = b64url_decode(thumb).hex().upper() if thumb else ""
        except ValueError:
            thumb_hex = str(thumb)
        if thumb_name is None:
            raise AuthError(401, "invalid_client", 700027,
                            "Client assertion contains an invalid signature. [Reason - The "
                            "signature algorithm '%s' is not supported; use PS256 (with "
                            "x5t#S256) or RS256 (with x5t).]" % alg)
        registered = {"PS256": self.world.app_x5t_s256, "RS256": self.world.app_x5t}[alg]
        if not app.has_certificate or not isinstance(thumb, str) or \
                thumb.rstrip("=") != registered:
            raise AuthError(401, "invalid_client", 700027,
                            "The certificate with identifier used to sign the client assertion "
                            "is not registered on application. [Reason - The key was not "
                            "found., Thumbprint of key used by client: '%s', Please visit the "
                            "Azure Portal, Graph Explorer or directly use MS Graph to see "
                            "configured keys for app Id '%s'. Review the documentation at "
                            "https://docs.microsoft.com/en-us/graph/deployments if the "
                            "application is not in the right cloud.]" % (thumb_hex,
                                                                         app.client_id))
        if not self.verify_app_signature(alg, signing_input, signature):
            raise AuthError(401, "invalid_client", 700027,
                            "Client assertion contains an invalid signature. [Reason - The "
                            "provided signature value did not match the expected signature "
                            "value., Thumbprint of key used by client: '%s', Found key "
                            "'Start=01/01/2026 00:00:00, End=01/01/2028 00:00:00']" % thumb_hex)
        if payload.get("iss") != app.client_id or payload.get("sub") != app.client_id:
            raise AuthError(401, "invalid_client", 700021,
                            "Client assertion application identifier doesn't match "
                            "'client_id' parameter. Review the documentation at "
                            "https://docs.microsoft.com/en-us/azure/active-directory/develop/"
                            "active-directory-certificate-credentials .")
        expected_aud = "%s/%s/oauth2/v2.0/token" % (self.world.base, tenant_in_url)
        if not isinstance(payload.get("aud"), str) or payload["aud"] != expected_aud:
            raise AuthError(401, "invalid_client", 700023,
                            "Client assertion audience claim does not match Realm issuer. "
                            "Expected '%s', got '%s'. Review the documentation at "
                            "https://docs.microsoft.com/en-us/azure/active-directory/develop/"
                            "active-directory-certificate-credentials ."
                            % (expected_aud, payload.get("aud")))
        exp = number_claim(payload, "exp")
        nbf = number_claim(payload, "nbf")
        now = time.time()
        if exp <= now or nbf > now + 300 or exp - nbf > 3600:
            raise AuthError(401, "invalid_client", 700024,
                            "Client assertion is not within its valid time range. Current time: "
                            "%s, assertion valid from %s, expiry time of assertion %s."
                            % (utc_iso(now), utc_iso(nbf), utc_iso(exp)))
        jti = payload.get("jti")
        if not isinstance(jti, str) or not jti:
            raise AuthError(400, "invalid_request", 50027,
                            "JWT token is invalid or malformed. Claim 'jti' is missing.")
        if not self.world.use_jti(jti):
            raise AuthError(401, "invalid_client", 700025,
                            "Client assertion has already been used: the jti '%s' was seen "
                            "before. Create a new assertion for every request." % jti)
        return alg

    def verify_app_signature(self, alg, signing_input, signature):
        """Verifies an assertion signature with the registered certificate's key."""
        key = self.world.app_public_key
        try:
            if alg == "RS256":
                key.verify(signature, signing_input, padding.PKCS1v15(), hashes.SHA256())
                return True
            try:
                key.verify(signature, signing_input,
                           padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32),
                           hashes.SHA256())
                return True
            except InvalidSignature:
                key.verify(signature, signing_input,
                           padding.PSS(mgf=padding.MGF1(hashes.SHA256()),
                                       salt_length=padding.PSS.AUTO),
                           hashes.SHA256())
                self.world.note_pss_salt()
                return True
        except (InvalidSignature, ValueError):
            return False

    # --- managed identity -------------------------------------------------

    def managed_identity(self, params, id_param):
        """(tenant, client_id) for the identity a request names; None if unknown."""
        wanted = params.get(id_param)
        for other in ("object_id", "principal_id", "mi_res_id", "msi_res_id"):
            if params.get(other):
                return None
        if not wanted:
            return MI_SYSTEM_TENANT, MI_SYSTEM_CLIENT_ID
        if wanted.lower() == MI_USER_CLIENT_ID:
            return MI_USER_TENANT, MI_USER_CLIENT_ID
        # A user-assigned identity whose client_id is a scenario's tenant GUID belongs to
        # that tenant, so that every scenario can be reached with a managed identity too.
        scenario = TENANT_LOOKUP.get(wanted.lower())
        if scenario is not None and wanted.lower() == TENANTS[scenario][1]:
            return scenario, wanted.lower()
        return None

    def send_mi_token(self, tenant, answer, lifetime_field):
        """Sends a managed-identity token answer, changed as the token endpoint's are:
        slowlogin waits, notoken has no access_token, injectedtoken's carries a header, and
        the other TOKEN_ANSWER_FAULTS
        tenants carry their value in lifetime_field (IMDS: expires_in, App Service:
        expires_on) and no other lifetime."""
        if tenant == "slowlogin" and self.world.stop.wait(SLOW_SECONDS):
            return
        if tenant == "notoken":
            del answer["access_token"]
        elif tenant == "injectedtoken":
            answer["access_token"] += INJECTED_HEADER
        elif tenant in TOKEN_ANSWER_FAULTS and tenant != "expiresstring":
            for name in ("expires_in", "ext_expires_in", "expires_on"):
                answer.pop(name, None)
            answer[lifetime_field] = TOKEN_ANSWER_FAULTS[tenant]
        self.send_simple_json(200, answer)

    def mi_audience(self, resource):
        """The audience of a managed-identity token for a resource; AuthError if invalid."""
        trimmed = resource.rstrip("/")
        if not re.match(r"^https://[^/\s]+", resource) or trimmed.endswith("/.default"):
            raise AuthError(400, "invalid_resource", 500011,
                            "The resource principal named %s was not found in the tenant. This "
                            "can happen if the application has not been installed by the "
                            "administrator of the tenant or consented to by any user in the "
                            "tenant. You might have sent your authentication request to the "
                            "wrong tenant." % resource)
        return trimmed

    def handle_imds(self, query):
        """GET /metadata/identity/oauth2/token: Azure VM / Arc IMDS."""
        self.world.count("imds_requests")
        params = {k: v[0] for k, v in parse_qs(query, keep_blank_values=True).items()}

        def bad(text):
            self.send_simple_json(400, {"error": "invalid_request", "error_description": text})

        if self.headers.get("Metadata") != "true":
            return bad("Required metadata header not specified")
        if self.headers.get("X-Forwarded-For") is not None:
            return bad("Request contains X-Forwarded-For header")
        if self.command != "GET":
            return bad("Only GET is supported")
        if not params.get("api-version"):
            return bad("Required query variable 'api-version' is missing")
        resource = params.get("resource", "")
        if not resource:
            return bad("Required audience parameter not specified")
        issued = self.mi_issue(params, resource, bad, "mi_imds")
        if issued is None:
            return
        tenant, mi_client, token, now, exp = issued
        self.send_mi_token(tenant, {
            "access_token": token, "refresh_token": "", "expires_in": str(TOKEN_LIFETIME),
            "expires_on": str(exp), "ext_expires_in": str(TOKEN_LIFETIME),
            "not_before": str(now), "resource": resource, "token_type": "Bearer",
            "client_id": mi_client}, "expires_in")

    def mi_issue(self, params, resource, bad, via):
        """A managed identity's token as (tenant, client, token, now, exp), or None when
        the answer (an error) has been sent already."""
        identity = self.managed_identity(params, "client_id")
        if identity is None:
            bad("Identity not found")
            return None
        tenant, mi_client = identity
        try:
            audience = self.mi_audience(resource)
        except AuthError as err:
            self.send_aad_error(err)
            return None
        self.log_note = "tenant=%s" % tenant
        token, now, exp = self.world.issue_token(tenant, audience, mi_client, via, TOKEN_LIFETIME)
        return tenant, mi_client, token, now, exp

    def handle_appservice(self, query):
        """GET /msi/token: App Service / Functions managed identity (2019-08-01)."""
        self.world.count("appservice_requests")
        params = {k: v[0] for k, v in parse_qs(query, keep_blank_values=True).items()}
        header = self.headers.get("X-IDENTITY-HEADER")
        if header is None or not secrets.compare_digest(header.encode(),
                                                        IDENTITY_HEADER_SECRET.encode()):
            self.send_simple_json(401, {"error": "unauthorized",
                                        "error_description": "The X-IDENTITY-HEADER header is "
                                        "missing or does not match IDENTITY_HEADER."})
            return

        def bad(text):
            self.send_simple_json(400, {"error": "invalid_request", "error_description": text})

        if self.command != "GET":
            return bad("Only GET is supported")
        if params.get("api-version") != "2019-08-01":
            return bad("api-version '%s' is not supported; use 2019-08-01"
                       % params.get("api-version", ""))
        resource = params.get("resource", "")
        if not resource:
            return bad("Required query variable 'resource' is missing")
        issued = self.mi_issue(params, resource, bad, "mi_appservice")
        if issued is None:
            return
        tenant, mi_client, token, _, exp = issued
        self.send_mi_token(tenant, {"access_token": token, "expires_on": str(exp),
                                    "resource": resource, "token_type": "Bearer",
                                    "client_id": mi_client}, "expires_on")

    # --- Graph --------------------------------------------------------------

    def graph_headers(self):
        """Headers Graph sends with every answer."""
        request_id = str(uuid.uuid4())
        self.graph_request_id = request_id
        return {"request-id": request_id,
                "client-request-id": self.headers.get("client-request-id") or request_id,
                "x-ms-ags-diagnostic": '{"ServerInfo":{"DataCenter":"Sim Europe","Slice":"E",'
                                       '"Ring":"5","ScaleUnit":"000","RoleInstance":"SIM01"}}',
                "Strict-Transport-Security": "max-age=31536000",
                "Cache-Control": "no-cache"}

    def send_graph_error(self, err):
        """An error in Graph's shape."""
        headers = self.graph_headers()
        headers.update(err.headers)
        body = {"error": {"code": err.code, "message": err.message, "innerError": {
            "date": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S"),
            "request-id": headers["request-id"],
            "client-request-id": headers["client-request-id"]}}}
        self.log_note += " %s" % err.code
        self.send_bytes(err.status, to_json(body), GRAPH_CONTENT_TYPE, headers)

    def send_graph_json(self, doc):
        """A 200 Graph answer."""
        self.send_bytes(200, to_json(doc), GRAPH_CONTENT_TYPE, self.graph_headers())

    def graph_token(self):
        """The IssuedToken of the request's bearer token; GraphError 401 otherwise."""
        www = ('Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/'
               'oauth2/authorize", client_id="%s"' % GRAPH_APP_ID)

        def invalid(message):
            return GraphError(401, "InvalidAuthenticationToken", message,
                              {"WWW-Authenticate": www})

        auth = self.headers.get("Authorization", "").strip()
        scheme, _, token = auth.partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            raise invalid("Access token is empty.")
        if token.count(".") != 2:
            raise invalid("IDX14100: JWT is not well formed, there are no dots (.).\nThe token "
                          "needs to be in JWS or JWE Compact Serialization Format.")
        issued = self.world.lookup_token(token)
        if issued is None:
            raise invalid("Access token validation failure. Invalid signature.")
        if issued.expires_at <= time.time():
            raise invalid("Lifetime validation failed, the token is expired.")
        if issued.audience != self.world.base:
            raise invalid("Access token validation failure. Invalid audience.")
        return issued

    def handle_graph(self, version, segments, query):
        """GET /v1.0|beta/organization[/{id}]: the tenant's directory sync properties."""
        self.world.count("graph_requests")
        try:
            issued = self.graph_token()
            tenant = issued.tenant
            self.log_note = "tenant=%s" % tenant
            self.world.count(None, tenant, "graph_requests")
            self.world.count(None, tenant, "beta_requests" if version == "beta"
                             else "v1_requests")
            segments = [s for s in segments if s != ""]
            if (version == "v1.0" and len(segments) == 1
                    and segments[0].lower() in errors_sim.COLLECTIONS):
                self.world.count("directory_requests")
                self.directory_list(tenant, segments[0].lower(), query)
                return
            if (version == "beta" and len(segments) == 2 and segments[0].lower() == "directory"
                    and segments[1].lower() == "onpremisessynchronization"):
                self.world.count("sync_config_requests")
                self.sync_configuration(tenant)
                return
            if not segments or segments[0].lower() != "organization" or len(segments) > 2:
                raise GraphError(400, "BadRequest", "Resource not found for the segment '%s'."
                                 % (segments[0] if segments else ""))
            if self.command != "GET":
                raise GraphError(405, "Request_BadRequest",
                                 "Specified HTTP method is not allowed for the request target.")
            single = len(segments) == 2
            if single and segments[1].lower() != TENANTS[tenant][1]:
                raise GraphError(404, "Request_ResourceNotFound",
                                 "Resource '%s' does not exist or one of its queried "
                                 "reference-property objects are not present." % segments[1])
            props = parse_select(query, version)
        except GraphError as err:
            self.send_graph_error(err)
            return
        self.graph_scenario(tenant, version, props, single)

    def directory_list(self, tenant, collection, query):
        """GET /v1.0/users|groups|contacts: one page (errors_sim.py), through the
        tenant's faults for graph_sim.py's own scenarios."""
        try:
            doc, delay = errors_sim.page(self.world, tenant, collection, query,
                                         self.host_name())
        except errors_sim.ListError as err:
            self.send_graph_error(GraphError(*err.args_))
            return
        if delay and self.world.stop.wait(delay):
            return
        if tenant in errors_sim.SCENARIOS:
            self.send_bytes(200, errors_sim.to_bytes(doc), GRAPH_CONTENT_TYPE,
                            self.graph_headers())
            return
        self.deliver_graph(tenant, lambda single=False: doc)

    def sync_configuration(self, tenant):
        """GET /beta/directory/onPremisesSynchronization: the sync client's version and
        server as the cloud last saw them (SYNC_CLIENTS), delivered the way the tenant's
        scenario says, as the organization is."""
        now = time.time()

        def document(single=False):
            return sync_configuration_document(self.world, tenant, single, now)

        self.deliver_graph(tenant, document)

    def graph_scenario(self, tenant, version, props, single):
        """Answers an organization request the way the tenant's scenario says."""
        now = time.time()

        def document(shape_single=single):
            return organization_document(self.world, tenant, version, props, shape_single, now)

        self.deliver_graph(tenant, document)

    def deliver_graph(self, tenant, document):
        """Sends a Graph resource, document() (document(True): as a bare object), the
        way the tenant's scenario says: as it is, or through one of the faults."""
        if tenant == "redirect" and self.host_name() != "localhost":
            location = "https://localhost:%d%s" % (self.world.https_port, self.path)
            headers = self.graph_headers()
            headers["Location"] = location
            self.send_bytes(302, b"", None, headers)
            return
        if tenant in ("throttled", "throttledlong"):
            if tenant == "throttledlong" or self.world.first_request(tenant):
                self.send_graph_error(GraphError(
                    429, "TooManyRequests", "Too many requests. Please retry after the time "
                    "specified in the Retry-After header.",
                    {"Retry-After": "120" if tenant == "throttledlong" else "1"}))
                return
        if tenant in RETRY_FOREVER and tenant != "loginretryzero":
            status, retry_after = RETRY_FOREVER[tenant]
            code = "TooManyRequests" if status == 429 else "serviceNotAvailable"
            self.send_graph_error(GraphError(
                status, code, "Please retry after the time specified in the Retry-After "
                "header.", {"Retry-After": retry_after}))
            return
        if tenant in ("unavailable", "unavailablelong"):
            if tenant == "unavailablelong" or self.world.first_request(tenant):
                self.send_graph_error(GraphError(
                    503, "serviceNotAvailable", "Service is temporarily unavailable. Please "
                    "retry after the time specified in the Retry-After header.",
                    {"Retry-After": "120" if tenant == "unavailablelong" else "0.5"}))
                return
        if tenant == "controlcode":
            # An error code that would drive a terminal or reorder text: ESC (a CSI
            # sequence), BEL, NEL (U+0085), a C1 CSI, bidi overrides and isolates.
            self.send_graph_error(GraphError(
                400, "BadRequest\x1b[2J\x07\u0085\u009b31m\u202eKO\u202c\u2066x\u2069",
                "An error code full of control characters."))
            return
        if tenant == "forbidden":
            self.send_graph_error(GraphError(403, "Authorization_RequestDenied",
                                             "Insufficient privileges to complete the operation."))
            return
        if tenant == "unauthorized":
            self.send_graph_error(GraphError(
                401, "InvalidAuthenticationToken",
                "Access token validation failure. Invalid audience.",
                {"WWW-Authenticate": 'Bearer realm="", authorization_uri="https://login.'
                                     'microsoftonline.com/common/oauth2/authorize", '
                                     'client_id="%s"' % GRAPH_APP_ID}))
            return
        if tenant == "error500":
            self.send_bytes(500, ERROR_500_PAGE, "text/html", self.graph_headers())
            return
        if tenant == "html":
            self.send_bytes(200, CAPTIVE_PORTAL, "text/html; charset=utf-8")
            return
        if tenant == "slow":
            if self.world.stop.wait(SLOW_SECONDS):
                return
        if tenant == "empty":
            self.send_graph_json({"@odata.context": document(False)["@odata.context"],
                                  "value": []})
            return
        if tenant == "single":
            self.send_graph_json(document(True))
            return
        if tenant == "truncated":
            body = to_json(document())
            self.send_bytes(200, body[:len(body) // 2], GRAPH_CONTENT_TYPE,
                            self.graph_headers())
            return
        if tenant == "badjson":
            self.send_bytes(200, b"{value: [", GRAPH_CONTENT_TYPE, self.graph_headers())
            return
        if tenant == "huge":
            self.send_bytes(200, self.huge_body(document()), GRAPH_CONTENT_TYPE,
                            self.graph_headers())
            return
        if tenant == "endless":
            self.send_endless(document())
            return
        if tenant == "deepjson":
            self.send_bytes(200, self.deep_body(document()), GRAPH_CONTENT_TYPE,
                            self.graph_headers())
            return
        if tenant == "drop":
            self.send_drop(to_json(document()))
            return
        if tenant == "trickle":
            self.send_trickle(to_json(document()))
            return
        self.send_graph_json(document())

    @staticmethod
    def huge_body(doc):
        """A valid JSON document of exactly HUGE_SIZE bytes: padding before value."""
        head = to_json({"@odata.context": doc["@odata.context"]})[:-1] + b',"padding":"'
        tail = b'",' + to_json({"value": doc["value"]})[1:]
        return head + b"x" * (HUGE_SIZE - len(head) - len(tail)) + tail

    @staticmethod
    def deep_body(doc):
        """Valid JSON with DEEP_NESTING arrays nested where value belongs."""
        head = to_json({"@odata.context": doc["@odata.context"]})[:-1] + b',"value":'
        return head + b"[" * DEEP_NESTING + b"]" * DEEP_NESTING + b"}"

    def send_endless(self, doc):
        """200 chunked, JSON-looking chunks until the client goes away."""
        self.send_response(200)
        self.send_header("Content-Type", GRAPH_CONTENT_TYPE)
        for k, v in self.graph_headers().items():
            self.send_header(k, v)
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        self.close_connection = True
        item = to_json(doc["value"][0]) + b","
        first = to_json({"@odata.context": doc["@odata.context"]})[:-1] + b',"value":['
        chunk = item * (ENDLESS_CHUNK // len(item))
        try:
            data = first
            while not self.world.stop.is_set():
                self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
                data = chunk
                time.sleep(0.01)
        except OSError:
            pass

    def send_drop(self, body):
        """Promises 4096 bytes, sends about 100, closes the connection."""
        self.send_response(200)
        self.send_header("Content-Type", GRAPH_CONTENT_TYPE)
        for k, v in self.graph_headers().items():
            self.send_header(k, v)
        self.send_header("Content-Length", "4096")
        self.end_headers()
        self.close_connection = True
        try:
            self.wfile.write(body[:100])
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def send_trickle(self, body):
        """Headers at once, then one byte of the body per second."""
        self.send_response(200)
        self.send_header("Content-Type", GRAPH_CONTENT_TYPE)
        for k, v in self.graph_headers().items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            for i in range(len(body)):
                self.wfile.write(body[i:i + 1])
                if self.world.stop.wait(TRICKLE_INTERVAL):
                    self.close_connection = True
                    return
        except OSError:
            self.close_connection = True


# --------------------------------------------------------------------------
# Commands
# --------------------------------------------------------------------------

def serve(args):
    """Runs both listeners until SIGTERM/SIGINT."""
    os.makedirs(args.state, exist_ok=True)
    for name in ("https.port", "http.port", "sim.pid"):
        try:
            os.unlink(os.path.join(args.state, name))
        except FileNotFoundError:
            pass
    world = World(args.pki, args.state)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.load_cert_chain(args.server_cert or os.path.join(args.pki, "server.pem"),
                        args.server_key or os.path.join(args.pki, "server-key.pem"))
    ctx.set_alpn_protocols(["http/1.1"])
    https = SimServer(("127.0.0.1", 0), world, "https", ctx)
    http = SimServer(("127.0.0.1", 0), world, "http")
    world.set_https_port(https.server_address[1])

    def on_signal(signum, frame):
        world.stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    threads = [threading.Thread(target=s.serve_forever, kwargs={"poll_interval": 0.1},
                                daemon=True) for s in (https, http)]
    for t in threads:
        t.start()
    world.write_log("%s sim started: https %d, http %d, pid %d" % (
        utc_iso(time.time()), https.server_address[1], http.server_address[1], os.getpid()))
    write_atomically(os.path.join(args.state, "sim.pid"), "%d\n" % os.getpid())
    write_atomically(os.path.join(args.state, "https.port"), "%d\n" % https.server_address[1])
    write_atomically(os.path.join(args.state, "http.port"), "%d\n" % http.server_address[1])
    while not world.stop.wait(0.5):
        pass
    for s in (https, http):
        s.shutdown()
        s.server_close()
    world.write_log("%s sim stopped" % utc_iso(time.time()))
    return 0


def mint_federated(args):
    """Prints a federated workload-identity token signed with issuer-key.pem."""
    key = load_issuer_key(args.pki)
    now = int(time.time())
    header = {"alg": "RS256", "typ": "JWT", "kid": key_id(key.public_key())}
    payload = {"aud": [args.audience] if args.audience_list else args.audience,
               "exp": now - 60 if args.expired else now + 3600,
               "iat": now - 3660 if args.expired else now,
               "iss": args.issuer,
               "jti": str(uuid.uuid4()),
               "nbf": now - 3660 if args.expired else now,
               "sub": args.subject}
    signing_input = (b64url(to_json(header)) + "." + b64url(to_json(payload))).encode("ascii")
    signature = key.sign(signing_input, padding.PKCS1v15(), hashes.SHA256())
    sys.stdout.write(signing_input.decode("ascii") + "." + b64url(signature) + "\n")
    return 0


def list_tenants(_args):
    """Prints scenario, domain and GUID of every tenant."""
    for name in SCENARIOS:
        domain, guid = TENANTS[name]
        sys.stdout.write("%-16s %-28s %s\n" % (name, domain, guid))
    return 0


def main(argv):
    """Command-line entry point."""
    if argv and argv[0] == "mint-federated":
        p = argparse.ArgumentParser(prog="graph_sim.py mint-federated")
        p.add_argument("--pki", required=True)
        p.add_argument("--subject", default=FED_SUBJECT)
        p.add_argument("--audience", default=FED_AUDIENCE)
        p.add_argument("--audience-list", action="store_true",
                       help="aud as a one-element array, as Kubernetes writes it")
        p.add_argument("--issuer", default=FED_ISSUER)
        p.add_argument("--expired", action="store_true")
        return mint_federated(p.parse_args(argv[1:]))
    if argv and argv[0] == "tenants":
        return list_tenants(None)
    p = argparse.ArgumentParser(prog="graph_sim.py",
                                description="Microsoft Graph + identity platform simulator")
    p.add_argument("--pki", required=True, help="directory made by make-pki.sh")
    p.add_argument("--state", required=True, help="directory for port files and the log")
    p.add_argument("--server-cert", help="HTTPS certificate (default PKI/server.pem)")
    p.add_argument("--server-key", help="HTTPS key (default PKI/server-key.pem)")
    return serve(p.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
