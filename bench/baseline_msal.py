# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The dirsync-plugins developers
"""The same with Microsoft's own library (python3-msal) for the token and requests for
Graph, in one session. msal always fetches the tenant's OpenID configuration when the app
is made; instance discovery (a request to login.microsoftonline.com) is switched off so
that it can use the loopback authority, which spares it the one request it would make
against the real cloud when its cache has no token. "cached" keeps msal's token cache in
CACHE_FILE between runs.
Usage: baseline_msal.py cached|cold BASE_URL CA_FILE SECRET_FILE [CACHE_FILE]"""
import os
import sys

import msal
import requests

mode, base, ca_file, secret_file = sys.argv[1:5]
cache_file = sys.argv[5] if len(sys.argv) > 5 else None
with open(secret_file) as f:
    secret = f.read().strip()
cache = msal.SerializableTokenCache()
if mode == "cached" and cache_file is not None and os.path.exists(cache_file):
    with open(cache_file) as f:
        cache.deserialize(f.read())
session = requests.Session()
session.verify = ca_file
app = msal.ConfidentialClientApplication(
    "bench", client_credential=secret, authority=base + "/bench.example",
    validate_authority=False, instance_discovery=False, http_client=session, token_cache=cache)
scopes = [base + "/.default"]
# msal 1.21 looks at its cache only in acquire_token_silent.
result = app.acquire_token_silent(scopes, account=None)
if not result:
    result = app.acquire_token_for_client(scopes=scopes)
if "access_token" not in result:
    sys.exit("no token: " + str(result.get("error_description", result)))
if mode == "cached" and cache_file is not None and cache.has_state_changed:
    with open(cache_file, "w") as f:
        f.write(cache.serialize())
response = session.get(
    base + "/v1.0/organization?$select=onPremisesLastSyncDateTime,onPremisesSyncEnabled",
    headers={"Authorization": "Bearer " + result["access_token"]}, timeout=10)
response.raise_for_status()
print(response.json()["value"][0]["onPremisesLastSyncDateTime"])
