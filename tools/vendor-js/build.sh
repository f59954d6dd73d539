#!/bin/sh
# Rebuild src/personae/export/vendor/ from the npm registry, exactly as pinned in package-lock.json.
# `npm ci` installs the locked versions (and checks their integrity hashes); we then copy only the
# minified browser builds and each package's licence. Run from anywhere: sh tools/vendor-js/build.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out="$here/../../src/personae/export/vendor"
cd "$here"
npm ci --ignore-scripts --no-audit --no-fund
mkdir -p "$out"
cp node_modules/cytoscape/dist/cytoscape.min.js "$out/cytoscape.min.js"
cp node_modules/cytoscape/LICENSE "$out/cytoscape.LICENSE"
cp node_modules/uplot/dist/uPlot.iife.min.js "$out/uPlot.iife.min.js"
cp node_modules/uplot/dist/uPlot.min.css "$out/uPlot.min.css"
cp node_modules/uplot/LICENSE "$out/uplot.LICENSE"
# Versions as installed, so the package knows what it ships without reading node_modules.
node -e '
const v = n => require("./node_modules/" + n + "/package.json").version;
console.log(JSON.stringify({cytoscape: v("cytoscape"), uplot: v("uplot")}, null, 1));
' > "$out/VERSIONS.json"
echo "vendored into $out:"; ls -l "$out"
