#!/bin/sh
# Fills WORKDIR/<target>/ with a seed corpus for each fuzz target: the matching real
# fixtures, the hand-written config seeds, and every input kept in regress*/.
# Usage: tests/fuzz/seed.sh WORKDIR [FIXTURES]   (FIXTURES defaults to tests/fixtures)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
work=${1:?usage: seed.sh WORKDIR [FIXTURES]}
fx=${2:-${PARKKIOSK_FIXTURES:-$src/tests/fixtures}}
[ -d "$fx/parkapi-v3" ] || { echo "seed.sh: no fixtures at $fx" >&2; exit 2; }

copy() { # copy DEST FILES...
	dest=$1
	shift
	mkdir -p "$dest"
	for f in "$@"; do
		[ -f "$f" ] && cp "$f" "$dest/"
	done
	return 0
}
copy "$work/fuzz_feed_parkapi3" "$fx"/parkapi-v3/*.json "$fx"/parkapi-v3/push-input/*.json "$here"/regress/*
copy "$work/fuzz_feed_parkenddv1" "$fx"/parkenddv1/*.json "$here"/regress/*
copy "$work/fuzz_feed_ngsi" "$fx"/fiware/* "$here"/regress/*
copy "$work/fuzz_feed_datex2" "$fx"/datex2/*.xml "$fx"/handmade/*.xml "$here"/regress/*
copy "$work/fuzz_feed_auto" "$fx"/parkapi-v3/*.json "$fx"/parkapi-v3/push-input/*.json \
	"$fx"/parkenddv1/*.json "$fx"/fiware/* "$fx"/datex2/*.xml "$here"/regress/*
copy "$work/fuzz_config" "$here"/seeds-config/* "$here"/regress-config/*
copy "$work/fuzz_input_script" "$here"/seeds-input/*
for d in "$work"/fuzz_*; do
	echo "seed.sh: $(ls "$d" | wc -l) inputs in $d"
done
