// Progressive enhancement for /events: a map of the listed events. The page works without it.
(function () {
  "use strict";
  function start() {
    var box = document.getElementById("map");
    var source = document.getElementById("map-data");
    if (!box || !source || typeof L === "undefined") { return; }
    var events = JSON.parse(source.textContent || "[]");
    if (!events.length) { return; }
    box.hidden = false;
    var map = L.map(box, { attributionControl: false, worldCopyJump: true });
    fetch("/static/countries.geojson").then(function (r) { return r.json(); }).then(function (world) {
      L.geoJSON(world, { style: { color: "#8a9bb0", weight: 0.6, fillColor: "#f4f1ea", fillOpacity: 1 } }).addTo(map).bringToBack();
    }).catch(function () { /* the markers still show on a blank background */ });
    var points = [];
    events.forEach(function (e) {
      var ll = [e.latitude, e.longitude];
      points.push(ll);
      var marker = L.circleMarker(ll, { radius: 6, weight: 1, color: e.disputed ? "#b42318" : "#1f5fa8", fillOpacity: 0.7 });
      // Text nodes, never HTML strings: the fields come from articles.
      var pop = document.createElement("div");
      var link = document.createElement("a");
      link.href = "/events/" + encodeURIComponent(e.event_id);
      link.textContent = (e.event_type || "event") + " " + (e.event_date || "");
      pop.appendChild(link);
      pop.appendChild(document.createElement("br"));
      pop.appendChild(document.createTextNode(e.location || ""));
      marker.bindPopup(pop);
      marker.addTo(map);
    });
    map.fitBounds(L.latLngBounds(points).pad(0.3), { maxZoom: 8 });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
