#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The dirsync-plugins developers
# Creates the throw-away PKI that t/sim/graph_sim.py and the plugin tests use.
# Usage: make-pki.sh OUTDIR
#
#   ca.pem, ca-key.pem              test CA (signs both server certificates)
#   server.pem, server-key.pem      CN=localhost, SAN DNS:localhost, IP:127.0.0.1
#   server-wrongname.pem, server-wrongname-key.pem
#                                   signed by ca.pem, SAN DNS:wrong.example only
#   wrong-ca.pem, wrong-ca-key.pem  a CA that signed nothing the simulator serves
#   capath/                         a copy of ca.pem plus its OpenSSL hash link
#   app.pem                         self-signed app certificate followed by its
#                                   unencrypted PKCS#8 key (registered for app A)
#   app-cert.pem, app-key.pem       the same certificate and key as two files
#   app-encrypted.pem               the same certificate + the key AES-256
#                                   encrypted (PKCS#8), passphrase "pw"
#   rogue.pem                       like app.pem, another key, registered nowhere
#   issuer-key.pem                  RSA key that signs federated (workload
#                                   identity) tokens: graph_sim.py mint-federated
#
# Every key is RSA 2048 and, except in app-encrypted.pem, unencrypted.
set -euo pipefail

if [ $# -ne 1 ]; then
	echo "usage: $0 OUTDIR" >&2
	exit 2
fi
out=$1
mkdir -p "$out/capath"
cd "$out"
umask 077
export OPENSSL_CONF=/dev/null # no site configuration: the same result everywhere

days=3650
genkey() { # file
	openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1" 2>/dev/null
}

# Key generation is what takes time: do it in parallel.
for k in ca-key wrong-ca-key server-key server-wrongname-key app-key rogue-key issuer-key; do
	genkey "$k.pem" &
done
wait

ca() { # key cert CN
	openssl req -x509 -new -key "$1" -out "$2" -days "$days" -sha256 -subj "/CN=$3" \
		-addext "basicConstraints=critical,CA:TRUE" \
		-addext "keyUsage=critical,keyCertSign,cRLSign" \
		-addext "subjectKeyIdentifier=hash"
}
ca ca-key.pem ca.pem "dirsync-plugins test CA"
ca wrong-ca-key.pem wrong-ca.pem "dirsync-plugins wrong test CA"

server() { # key cert SAN
	openssl req -x509 -new -key "$1" -out "$2" -days 825 -sha256 -subj "/CN=localhost" \
		-CA ca.pem -CAkey ca-key.pem \
		-addext "subjectAltName=$3" \
		-addext "basicConstraints=critical,CA:FALSE" \
		-addext "keyUsage=critical,digitalSignature,keyEncipherment" \
		-addext "extendedKeyUsage=serverAuth" \
		-addext "authorityKeyIdentifier=keyid"
}
server server-key.pem server.pem "DNS:localhost,IP:127.0.0.1"
server server-wrongname-key.pem server-wrongname.pem "DNS:wrong.example"

# An app certificate as an Azure admin makes one for "certificate credentials":
# self-signed, the certificate and then the key in one PEM file.
appcert() { # key cert CN
	openssl req -x509 -new -key "$1" -out "$2" -days 730 -sha256 -subj "/CN=$3" \
		-addext "basicConstraints=critical,CA:FALSE" \
		-addext "keyUsage=critical,digitalSignature" \
		-addext "extendedKeyUsage=clientAuth"
}
appcert app-key.pem app-cert.pem "dirsync-plugins monitoring"
appcert rogue-key.pem rogue-cert.pem "dirsync-plugins rogue"
cat app-cert.pem app-key.pem >app.pem
cat rogue-cert.pem rogue-key.pem >rogue.pem
rm -f rogue-cert.pem rogue-key.pem
openssl pkcs8 -topk8 -in app-key.pem -v2 aes-256-cbc -passout pass:pw -out app-encrypted-key.pem
cat app-cert.pem app-encrypted-key.pem >app-encrypted.pem
rm -f app-encrypted-key.pem

cp ca.pem capath/ca.pem
if ! openssl rehash capath 2>/dev/null; then
	c_rehash capath >/dev/null
fi

chmod 644 ./*.pem capath/*
chmod 600 ./*-key.pem app.pem rogue.pem app-encrypted.pem
