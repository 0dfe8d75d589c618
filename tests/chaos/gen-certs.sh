#!/bin/sh
# Throw-away TLS material for the chaos server, made at test time into DIR (keys are
# never committed): a test CA (the kiosk's ca_file), a leaf for 127.0.0.1 signed by it
# (good), a leaf signed by it for another host name (wrong host), and a self-signed
# leaf for 127.0.0.1 that no CA vouches for (untrusted).
set -eu
dir=${1:?usage: gen-certs.sh DIR}
mkdir -p "$dir"
cd "$dir"
ec="-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes"
# shellcheck disable=SC2086
openssl req -x509 $ec -keyout ca.key -out ca.pem -days 2 -subj "/CN=parkkiosk chaos CA" \
	-addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign" \
	2>/dev/null
leaf() { # leaf NAME SUBJECT-ALT-NAME
	# shellcheck disable=SC2086
	openssl req $ec -keyout "$1.key" -out "$1.csr" -subj "/CN=$1" 2>/dev/null
	printf 'subjectAltName=%s\nbasicConstraints=CA:FALSE\n' "$2" >"$1.ext"
	openssl x509 -req -in "$1.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 \
		-extfile "$1.ext" -out "$1.pem" 2>/dev/null
	rm -f "$1.csr" "$1.ext"
}
leaf good "IP:127.0.0.1,DNS:localhost"
leaf wronghost "DNS:wrong-host.invalid"
# shellcheck disable=SC2086
openssl req -x509 $ec -keyout untrusted.key -out untrusted.pem -days 2 -subj "/CN=127.0.0.1" \
	-addext "subjectAltName=IP:127.0.0.1,DNS:localhost" 2>/dev/null
chmod 600 ./*.key
