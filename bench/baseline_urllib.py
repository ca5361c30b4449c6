# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The dirsync-plugins developers
"""What an admin's python3 script would do instead of check_dirsync_age, with the standard
library only (urllib): in "cached" mode one Graph GET with a bearer token it already has,
in "cold" mode first the client-credentials token request. Prints the last sync time.
Usage: baseline_urllib.py cached|cold BASE_URL CA_FILE SECRET_FILE"""
import json
import ssl
import sys
import urllib.parse
import urllib.request

mode, base, ca_file, secret_file = sys.argv[1:5]
context = ssl.create_default_context(cafile=ca_file)
token = "eyJ0eXAi.bench"
if mode == "cold":
    with open(secret_file) as f:
        secret = f.read().strip()
    form = urllib.parse.urlencode({"client_id": "bench", "scope": base + "/.default",
                                   "grant_type": "client_credentials",
                                   "client_secret": secret}).encode()
    with urllib.request.urlopen(base + "/bench.example/oauth2/v2.0/token", data=form,
                                context=context, timeout=10) as response:
        token = json.load(response)["access_token"]
request = urllib.request.Request(
    base + "/v1.0/organization?$select=onPremisesLastSyncDateTime,onPremisesSyncEnabled",
    headers={"Authorization": "Bearer " + token})
with urllib.request.urlopen(request, context=context, timeout=10) as response:
    print(json.load(response)["value"][0]["onPremisesLastSyncDateTime"])
