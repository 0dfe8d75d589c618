#!/bin/sh
# Makes a throw-away self-signed certificate for the HTTPS test listener, at test time,
# into the directory given (the build tree). Keys are never committed.
set -eu
dir=${1:?usage: gen-cert.sh DIR}
mkdir -p "$dir"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
	-keyout "$dir/key.pem" -out "$dir/cert.pem" -days 2 -subj "/CN=127.0.0.1" \
	-addext "subjectAltName=IP:127.0.0.1,DNS:localhost" 2>/dev/null
chmod 600 "$dir/key.pem"
# A client certificate for the listener that requires one (Mobilithek-style mutual TLS):
# the server trusts exactly this self-signed certificate.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
	-keyout "$dir/client.key" -out "$dir/client.pem" -days 2 -subj "/CN=parkkiosk-test-client" \
	-addext "extendedKeyUsage=clientAuth" 2>/dev/null
chmod 600 "$dir/client.key"
