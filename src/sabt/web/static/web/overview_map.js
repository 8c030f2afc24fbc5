/* Draws every incident shown on the district outlines, grouped when close.
   No tile layer and no network: the outlines come with sabt, the data from
   the page (json_script "overview-data"), Leaflet from django-leaflet.
   Points closer than CLUSTER_PX on screen are drawn as one circle with
   their number, regrouped at every zoom; a place not yet settled is drawn
   dashed with a "?" at the middle of its candidates' area, and the area is
   outlined. */
(function () {
  "use strict";
  var CLUSTER_PX = 28;
  var PLACEHOLDER = "00000000-0000-0000-0000-000000000000";
  var box = document.getElementById("overview-map");
  var source = document.getElementById("overview-data");
  if (!box || !source || typeof L === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var map = L.map(box, { scrollWheelZoom: false, zoomSnap: 0.25 });
  map.attributionControl.setPrefix(
    '<a href="https://leafletjs.com" lang="en">Leaflet</a>'
  );
  var districts = L.geoJSON(data.districts, {
    attribution: box.dataset.attribution,
    style: { color: "#4a5b6c", weight: 1, fillColor: "#dde5ec", fillOpacity: 0.7 },
    onEachFeature: function (feature, layer) {
      layer.bindTooltip(feature.properties.name, { sticky: true });
    },
  }).addTo(map);
  var areas = L.layerGroup(data.points.filter(function (point) {
    return point.area;
  }).map(function (point) {
    return L.rectangle(point.area, {
      color: point.incident.colour, weight: 1, dashArray: "4 4", fill: false,
      className: "unsettled-area",
    }).bindTooltip(point.name + " (" + box.dataset.unsettled + ")", { sticky: true });
  })).addTo(map);
  var groups = L.layerGroup().addTo(map);

  function item(point) {
    var line = document.createElement("li");
    var link = document.createElement("a");
    link.href = box.dataset.incidentUrl.replace(PLACEHOLDER, point.incident.record);
    link.textContent = point.incident.title;
    link.dir = "auto";
    line.appendChild(link);
    var where = point.name + (point.unresolved ? " (" + box.dataset.unsettled + ")" : "");
    line.appendChild(document.createTextNode(" · " + point.incident.when + " · " + where));
    return line;
  }

  function popup(members) {
    var list = document.createElement("ul");
    list.className = "map-popup";
    members.forEach(function (point) {
      list.appendChild(item(point));
    });
    return list;
  }

  function colourOf(members) {
    var first = members[0].incident.colour;
    return members.every(function (point) {
      return point.incident.colour === first;
    }) ? first : "#333333";
  }

  function draw() {
    groups.clearLayers();
    var clusters = [];
    data.points.forEach(function (point) {
      var at = map.latLngToLayerPoint([point.latitude, point.longitude]);
      var near = clusters.find(function (cluster) {
        return cluster.at.distanceTo(at) < CLUSTER_PX;
      });
      if (near) {
        near.members.push(point);
      } else {
        clusters.push({ at: at, members: [point] });
      }
    });
    clusters.forEach(function (cluster) {
      var count = cluster.members.length;
      var centre = map.layerPointToLatLng(cluster.at);
      var unsettled = cluster.members.every(function (point) {
        return point.unresolved;
      });
      var someUnsettled = cluster.members.some(function (point) {
        return point.unresolved;
      });
      // A div, not a circle path, so the count sits centred in either
      // direction; its colours are set through the DOM, as the page's
      // Content-Security-Policy allows no inline style.
      var dot = document.createElement("div");
      dot.className = "incident-point" + (unsettled ? " unsettled" : "") +
        (someUnsettled ? " some-unsettled" : "");
      dot.dataset.count = String(count);
      dot.textContent = count > 1 ? String(count) : unsettled ? "?" : "";
      dot.style.backgroundColor = colourOf(cluster.members);
      var size = count > 1 ? 20 + Math.min(count, 20) : 16;
      var marker = L.marker(centre, {
        icon: L.divIcon({
          html: dot, className: "incident-icon", iconSize: [size, size],
        }),
        keyboard: true,
        title: cluster.members.map(function (point) {
          return point.incident.title;
        }).join("; "),
      }).bindPopup(popup(cluster.members));
      groups.addLayer(marker);
    });
  }

  var bounds = districts.getBounds();
  data.points.forEach(function (point) {
    bounds.extend([point.latitude, point.longitude]);
  });
  if (bounds.isValid()) {
    map.fitBounds(bounds, { padding: [16, 16], maxZoom: 12 });
  } else {
    map.setView([35.4, 69.7], 8);
  }
  draw();
  map.on("zoomend", draw);
})();
