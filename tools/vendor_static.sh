#!/usr/bin/env bash
# Re-fetch the front-end files the HTML briefing inlines, from the npm registry.
# Run from anywhere; writes into sitroom/report/static/. Needs npm and node.
# The briefing never loads anything from the network: these files are inlined
# into the page at render time.
set -euo pipefail

LEAFLET_VERSION=1.9.4          # BSD-2-Clause
WORLD_ATLAS_VERSION=2.0.2      # ISC (data: Natural Earth, public domain)
TOPOJSON_CLIENT_VERSION=3.1.0  # ISC

repo="$(cd "$(dirname "$0")/.." && pwd)"
static="$repo/sitroom/report/static"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$work"
npm pack --silent "leaflet@$LEAFLET_VERSION" "world-atlas@$WORLD_ATLAS_VERSION" \
    "topojson-client@$TOPOJSON_CLIENT_VERSION" >/dev/null
for pkg in leaflet world-atlas topojson-client; do
    mkdir -p "$pkg"
    tar xzf "$pkg"-*.tgz -C "$pkg"
done

mkdir -p "$static/leaflet" "$static/world-atlas"
cp leaflet/package/dist/leaflet.js leaflet/package/dist/leaflet.css "$static/leaflet/"
cp leaflet/package/LICENSE "$static/leaflet/LICENSE"
cp world-atlas/package/LICENSE "$static/world-atlas/LICENSE"
cp topojson-client/package/LICENSE "$static/world-atlas/LICENSE.topojson-client"

# Convert the 110m country outlines once to GeoJSON (topojson-client is used
# only here, not in the page). Coordinates are rounded to 0.01 degree: the
# outlines are a backdrop for event markers, not a basemap for measurement.
node - "$work/world-atlas/package/countries-110m.json" "$static/world-atlas/countries-110m.geojson" <<'JS'
const fs = require("fs");
const topojson = require("./topojson-client/package/dist/topojson-client.js");
const [src, dst] = process.argv.slice(2);
const topo = JSON.parse(fs.readFileSync(src, "utf8"));
const fc = topojson.feature(topo, topo.objects.countries);
const round = (x) => Math.round(x * 100) / 100;
const roundCoords = (c) => (typeof c[0] === "number" ? [round(c[0]), round(c[1])] : c.map(roundCoords));
// Rings cut at the antimeridian (Fiji, Chukotka) jump from 180 to -180; a flat
// Leaflet map would draw that jump as a line across the world. Make such a
// ring continuous and keep it east of -180. A ring crossing an odd number of
// times goes round a pole (Antarctica) and is left alone.
const unwrapRing = (ring) => {
  const jumps = ring.slice(1).filter((p, i) => Math.abs(p[0] - ring[i][0]) > 180).length;
  if (jumps === 0 || jumps % 2 === 1) return ring;
  let shift = 0;
  const out = ring.map((p, i) => {
    if (i > 0) {
      const step = p[0] - ring[i - 1][0];
      if (step > 180) shift -= 360;
      else if (step < -180) shift += 360;
    }
    return [p[0] + shift, p[1]];
  });
  const west = Math.min(...out.map((p) => p[0]));
  return west < -180 ? out.map((p) => [p[0] + 360, p[1]]) : out;
};
const unwrap = (geometry) => ({
  type: geometry.type,
  coordinates: geometry.type === "Polygon"
    ? geometry.coordinates.map(unwrapRing)
    : geometry.coordinates.map((polygon) => polygon.map(unwrapRing)),
});
const features = fc.features.map((f) => ({
  type: "Feature",
  properties: { name: (f.properties && f.properties.name) || null },
  geometry: { type: f.geometry.type, coordinates: roundCoords(unwrap(f.geometry).coordinates) },
}));
fs.writeFileSync(dst, JSON.stringify({ type: "FeatureCollection", features }));
JS

cat > "$static/VERSIONS" <<TXT
leaflet $LEAFLET_VERSION (npm; dist/leaflet.js, dist/leaflet.css; BSD-2-Clause, see leaflet/LICENSE)
world-atlas $WORLD_ATLAS_VERSION (npm; countries-110m.json converted to GeoJSON, coordinates rounded to 0.01 deg, antimeridian-cut rings made continuous; Natural Earth data, public domain; package ISC, see world-atlas/LICENSE)
topojson-client $TOPOJSON_CLIENT_VERSION (npm; used only at vendoring time for the conversion; ISC, see world-atlas/LICENSE.topojson-client)
TXT
echo "vendored into $static"
