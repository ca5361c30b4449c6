# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The dirsync-plugins developers
"""The same as baseline_urllib.py with python3-requests, one session (so the token request
and the Graph GET share a connection, as check_dirsync_age's do).
Usage: baseline_requests.py cached|cold BASE_URL CA_FILE SECRET_FILE"""
import sys

import requests

mode, base, ca_file, secret_file = sys.argv[1:5]
session = requests.Session()
session.verify = ca_file
token = "eyJ0eXAi.bench"
if mode == "cold":
    with open(secret_file) as f:
        secret = f.read().strip()
    response = session.post(base + "/bench.example/oauth2/v2.0/token",
                            data={"client_id": "bench", "scope": base + "/.default",
                                  "grant_type": "client_credentials", "client_secret": secret},
                            timeout=10)
    response.raise_for_status()
    token = response.json()["access_token"]
response = session.get(
    base + "/v1.0/organization?$select=onPremisesLastSyncDateTime,onPremisesSyncEnabled",
    headers={"Authorization": "Bearer " + token}, timeout=10)
response.raise_for_status()
print(response.json()["value"][0]["onPremisesLastSyncDateTime"])
