/* Draws the district outlines and the places of a record on a small map.
   No tile layer and no network: the outlines come with sabt, the data from
   the page (json_script "map-data"), Leaflet from django-leaflet. */
(function () {
  "use strict";
  var box = document.getElementById("map");
  var source = document.getElementById("map-data");
  if (!box || !source || typeof L === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var districts = L.geoJSON(data.districts, {
    attribution: box.dataset.attribution,
    style: { color: "#4a5b6c", weight: 1, fillColor: "#dde5ec", fillOpacity: 0.7 },
    onEachFeature: function (feature, layer) {
      layer.bindTooltip(feature.properties.name, { sticky: true });
    },
  });
  var markers = data.places.map(function (place) {
    return L.circleMarker([place.latitude, place.longitude], {
      radius: 7, color: "#7a1010", weight: 2, fillColor: "#c0392b", fillOpacity: 0.9,
    }).bindTooltip(place.name, {
      permanent: true, direction: "top", offset: [0, -8], className: "map-label",
    });
  });
  var places = L.featureGroup(markers);

  // Leaflet needs a view before it can draw vector layers.
  var map = L.map(box, { scrollWheelZoom: false, zoomSnap: 0.25 });
  map.attributionControl.setPrefix(
    '<a href="https://leafletjs.com" lang="en">Leaflet</a>'
  );
  var bounds = L.latLngBounds([]);
  [districts, places].forEach(function (layer) {
    if (layer.getLayers().length) {
      bounds.extend(layer.getBounds());
    }
  });
  if (bounds.isValid()) {
    map.fitBounds(bounds, { padding: [16, 16], maxZoom: 12 });
  } else {
    map.setView([35.4, 69.7], 8);
  }
  districts.addTo(map);
  places.addTo(map);
})();
