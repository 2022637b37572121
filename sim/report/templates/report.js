// Draws the report's charts with Chart.js from the data in #wfsim-charts.
// The C++ side sends data only ({kind, labels, series, bands}); how a
// chart looks (colours, line styles, axes) is decided here, so that a
// designer changes it without touching C++.
(function () {
  "use strict";
  // Okabe-Ito: distinguishable with every common colour-vision deficiency;
  // each series also has its own dash pattern for greyscale printing.
  var ink = "#000000", blue = "#0072B2", orange = "#E69F00", vermillion = "#D55E00",
      green = "#009E73", purple = "#CC79A7", grey = "#777777";
  var style = {
    demand: { color: ink, dash: [], width: 2.5 },
    supply: { color: blue, dash: [8, 4], width: 2.5 },
    funded: { color: orange, dash: [2, 3], width: 2.5 },
    median: { color: blue, dash: [1, 3], width: 1.5 },
    pay: { color: ink, dash: [], width: 2.5 },
    budget: { color: orange, dash: [8, 4], width: 2.5 },
    alt_demand: { color: grey, dash: [12, 3, 2, 3], width: 1.5 },
    alt_supply: { color: purple, dash: [12, 3, 2, 3], width: 2 }
  };
  function alpha(hex, a) {
    var n = parseInt(hex.slice(1), 16);
    return "rgba(" + (n >> 16) + "," + ((n >> 8) & 255) + "," + (n & 255) + "," + a + ")";
  }
  function line(s) {
    var st = style[s.style] || style.demand;
    var d = { label: s.label, data: s.values, borderColor: st.color, backgroundColor: st.color,
              borderDash: st.dash, borderWidth: st.width, pointRadius: 2.5, fill: false,
              tension: 0, spanGaps: false };
    return d;
  }
  function fmt(v) {
    return Math.abs(v) >= 1e6 ? (v / 1e6).toLocaleString("en-GB", { maximumFractionDigits: 1 }) + "m"
         : v.toLocaleString("en-GB", { maximumFractionDigits: 1 });
  }
  function config(c) {
    var datasets = [];
    (c.bands || []).forEach(function (b, i) {
      // A fan band: its lower edge, then its upper edge filled down to it.
      var shade = alpha(blue, 0.12 + 0.1 * i);
      datasets.push({ label: b.label + " (lower)", data: b.lower, borderWidth: 0, pointRadius: 0,
                      fill: false, borderColor: "transparent", legend: false });
      datasets.push({ label: b.label, data: b.upper, borderWidth: 0, pointRadius: 0,
                      backgroundColor: shade, borderColor: shade, fill: "-1" });
    });
    var index = {};
    c.series.forEach(function (s) {
      var d = line(s);
      index[s.style] = datasets.length;
      if (s.style === "supply" && index.demand !== undefined && c.kind !== "multiple") {
        // The gap: shaded between supply and demand, vermillion where supply
        // is short of demand, green where it is above.
        d.fill = { target: index.demand, above: alpha(green, 0.18), below: alpha(vermillion, 0.28) };
      }
      datasets.push(d);
    });
    if (c.bars) {
      c.bars.forEach(function (b, i) {
        datasets.push({ type: "bar", label: b.label, data: b.values, stack: "temporary",
                        backgroundColor: i === 0 ? alpha(blue, 0.55) : alpha(vermillion, 0.7),
                        borderColor: i === 0 ? blue : vermillion, borderWidth: 1 });
      });
    }
    var small = c.kind === "multiple";
    return {
      type: "line",
      data: { labels: c.labels, datasets: datasets },
      options: {
        responsive: false, animation: false, devicePixelRatio: 2,
        plugins: {
          legend: { display: !small, position: "bottom",
                    labels: { usePointStyle: true, pointStyle: "line", filter: function (item, data) {
                      return data.datasets[item.datasetIndex].legend !== false; } } },
          title: { display: !!c.title, text: c.title },
          tooltip: { callbacks: { label: function (ctx) {
            return ctx.dataset.label + ": " + fmt(ctx.parsed.y) + " " + (c.units || ""); } } }
        },
        scales: {
          x: { stacked: !!c.stacked, title: { display: !small, text: "Plan year" } },
          y: { stacked: !!c.stacked, beginAtZero: !!c.from_zero,
               title: { display: !small, text: c.units || "" },
               ticks: { callback: function (v) { return fmt(v); } } }
        }
      }
    };
  }
  var data = JSON.parse(document.getElementById("wfsim-charts").textContent);
  Object.keys(data).forEach(function (id) {
    var canvas = document.getElementById(id);
    if (canvas) new Chart(canvas, config(data[id]));
  });
})();
