/* The briefing's only script: draws the maps and re-flashes cited highlights.
   Article-derived strings reach the DOM through textContent only, never as
   HTML; the data comes from <script type="application/json"> blocks. */
(function () {
  "use strict";

  var ANCHOR = /^[a-z]+-[0-9a-z-]+$/;   // the ids briefing.py makes from row ids: ev-<key>, story-<key> ...
  var COLOURS = {
    current: { stroke: "#12355b", fill: "#2b6cb0" },
    disputed: { stroke: "#7f1d1d", fill: "#c53030" },
    historical: { stroke: "#6b6b6b", fill: "#a0a0a0" }
  };

  function readJson(id) {
    var element = document.getElementById(id);
    if (!element) { return null; }
    try { return JSON.parse(element.textContent); } catch (err) { return null; }
  }

  function textElement(tag, className, text) {
    var element = document.createElement(tag);
    if (className) { element.className = className; }
    element.textContent = text;
    return element;
  }

  function popupFor(point) {
    var box = document.createElement("div");
    box.className = "popup";
    box.appendChild(textElement("div", "popup-title", point.title));
    box.appendChild(textElement("div", "popup-line", [point.date, point.place].filter(Boolean).join(" · ")));
    box.appendChild(textElement("div", "popup-line", "Fatalities: " + point.fatalities + " · " + point.sources + " outlet(s)"));
    if (point.disputed) { box.appendChild(textElement("div", "popup-flag", "Disputed")); }
    if (point.historical) { box.appendChild(textElement("div", "popup-muted", "Background event")); }
    if (typeof point.anchor === "string" && ANCHOR.test(point.anchor)) {
      var link = textElement("a", "popup-link", "Go to timeline entry");
      link.setAttribute("href", "#" + point.anchor);
      box.appendChild(link);
    }
    return box;
  }

  function colourOf(point) {
    if (point.historical) { return COLOURS.historical; }
    return point.disputed ? COLOURS.disputed : COLOURS.current;
  }

  function located(points) {
    return points.filter(function (point) {
      return typeof point.lat === "number" && typeof point.lon === "number";
    });
  }

  function drawMap(element, points, outlines, affected) {
    element.textContent = "";
    var map = L.map(element, { attributionControl: false, scrollWheelZoom: false, zoomSnap: 0.25, worldCopyJump: false });
    var here = located(points);
    // The view must exist before vector layers are added: Leaflet 1.9 fails
    // to set up its SVG renderer when paths wait for the map's first view.
    if (here.length) {
      map.fitBounds(here.map(function (p) { return [p.lat, p.lon]; }), { padding: [48, 48], maxZoom: 7 });
    } else {
      map.setView([20, 0], 2);
    }
    if (outlines) {
      L.geoJSON(outlines, {
        interactive: false,
        style: function (feature) {
          var name = feature && feature.properties && feature.properties.name;
          var hit = typeof name === "string" && affected[name.toLowerCase()];
          return { color: "#a9b1bb", weight: 0.7, fillColor: hit ? "#eadfca" : "#f4f5f6", fillOpacity: 1 };
        }
      }).addTo(map);
    }
    here.forEach(function (point) {
      var colour = colourOf(point);
      L.circleMarker([point.lat, point.lon], {
        radius: point.disputed ? 8 : 7, color: colour.stroke, weight: 2,
        fillColor: colour.fill, fillOpacity: 0.85, dashArray: point.historical ? "3 3" : null
      }).bindPopup(popupFor(point)).addTo(map);
    });
  }

  function drawMaps() {
    var data = readJson("sitroom-map-data");
    if (!data || !data.maps || typeof window.L === "undefined") { return; }
    var outlines = readJson("sitroom-outlines");
    var affected = {};
    (data.countries || []).forEach(function (name) {
      if (typeof name === "string") { affected[name.toLowerCase()] = true; }
    });
    var elements = document.querySelectorAll("[data-map]");
    Array.prototype.forEach.call(elements, function (element) {
      var points = data.maps[element.getAttribute("data-map")];
      if (!Array.isArray(points)) { return; }
      try {
        drawMap(element, points, outlines, affected);
      } catch (err) {
        // One broken map must not take the others (or the highlights) with it.
        element.textContent = "The map could not be drawn; places are listed in the timeline.";
      }
    });
  }

  // :target styles the highlight; clicking the same link twice should flash it again.
  function flash(id) {
    var target = id && document.getElementById(id);
    if (!target) { return; }
    var details = target.closest ? target.closest("details") : null;
    if (details) { details.open = true; }
    target.classList.remove("flash");
    void target.offsetWidth;
    target.classList.add("flash");
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[href^='#']") : null;
    if (link) { flash(decodeURIComponent(link.getAttribute("href").slice(1))); }
  });
  window.addEventListener("hashchange", function () { flash(decodeURIComponent(location.hash.slice(1))); });

  drawMaps();
}());
