// The map: our own small SVG renderer of the packaged boundaries (/map/boundaries.json) —
// neighbouring countries in grey, governorates (admin1) or districts (admin2) shaded by their
// event count, and the events' locations as circles sized by count. No tiles, no network.

import { clear, h, s } from "./dom.js";
import { lang, number, t } from "./i18n.js";

const K = Math.cos((34 * Math.PI) / 180); // equirectangular, true scale at 34°N
const SCALE = 100;
const DEFAULT_BOX = [35.4, 29.0, 48.8, 37.6]; // lon/lat: Syria and Iraq
const COLORS = ["#fff5eb", "#fdd0a2", "#fdae6b", "#fd8d3c", "#e6550d", "#a63603"];

const px = (lon) => lon * K * SCALE;
const py = (lat) => -lat * SCALE;

function ringPath(ring) {
  let d = "";
  for (let i = 0; i < ring.length; i++) {
    d += `${i ? "L" : "M"}${px(ring[i][0]).toFixed(1)},${py(ring[i][1]).toFixed(1)}`;
  }
  return `${d}Z`;
}

function geomPath(geometry) {
  return geometry.coordinates.map((poly) => poly.map(ringPath).join("")).join("");
}

function bboxOf(geometries) {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const g of geometries) {
    for (const poly of g.coordinates) {
      for (const [lon, lat] of poly[0]) {
        x0 = Math.min(x0, lon); x1 = Math.max(x1, lon); y0 = Math.min(y0, lat); y1 = Math.max(y1, lat);
      }
    }
  }
  return Number.isFinite(x0) ? [x0, y0, x1, y1] : null;
}

/** Class breaks for counts up to max (1 and then shares of the max). */
export function breaks(max) {
  if (max <= 0) return [1];
  const b = [1, 0.1, 0.25, 0.5, 0.75].map((f, i) => (i === 0 ? 1 : Math.max(1, Math.ceil(max * f))));
  return [...new Set(b)].sort((a, c) => a - c);
}

function colorOf(n, br) {
  if (!n) return "#f4f4f2";
  let i = 0;
  while (i < br.length && n >= br[i]) i++;
  return COLORS[Math.min(i, COLORS.length - 1)];
}

export function adminKey(props, level) {
  return level === "admin2" ? `${props.admin1_code}|${props.admin2}` : props.admin1_code;
}

export class EventMap {
  constructor(container, legend, { onPick }) {
    this.container = container;
    this.legend = legend;
    this.onPick = onPick;
    this.features = [];
    this.box = DEFAULT_BOX;
  }

  async load() {
    const res = await fetch("/map/boundaries.json");
    const fc = await res.json();
    this.features = fc.features;
  }

  /** Zoom to the selected governorate/district, else to the events, else to Syria and Iraq. */
  fit(selected, points) {
    const picked = this.features.filter((f) => f.properties.level !== "country" && this.matches(f.properties, selected));
    if (picked.length) {
      this.box = pad(bboxOf(picked.map((f) => f.geometry)), 0.15);
      return;
    }
    const located = (points || []).filter((p) => p.latitude != null && p.longitude != null);
    if (located.length && (selected.country || selected.fitEvents)) {
      const lons = located.map((p) => p.longitude);
      const lats = located.map((p) => p.latitude);
      this.box = pad([Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)], 0.2, 1.5);
      return;
    }
    this.box = DEFAULT_BOX;
  }

  matches(props, selected) {
    const a1 = selected.admin1 || [];
    const a2 = selected.admin2 || [];
    if (a2.length && props.level === "adm2") return a2.includes(props.admin2) && (!a1.length || a1.includes(props.admin1) || a1.includes(props.admin1_code));
    if (!a2.length && a1.length && props.level === "adm1") return a1.includes(props.admin1) || a1.includes(props.admin1_code);
    return false;
  }

  render({ level, counts, points, selected }) {
    const [x0, y0, x1, y1] = this.box;
    const vb = [px(x0), py(y1), px(x1) - px(x0), py(y0) - py(y1)];
    const width = this.container.clientWidth || 600;
    const unit = vb[2] / width; // viewBox units per screen pixel
    const svg = s("svg", { viewBox: vb.map((v) => v.toFixed(1)).join(" "), role: "img",
      "aria-label": t("map"), preserveAspectRatio: "xMidYMid meet", class: "map-svg" });
    const max = Math.max(0, ...[...counts.values()].map((c) => c.events));
    const br = breaks(max);
    const adm = level === "admin2" ? "adm2" : "adm1";
    const gCountries = s("g", { class: "countries" });
    const gAreas = s("g", { class: "areas" });
    const gOutline = s("g", { class: "outline" });
    const gPoints = s("g", { class: "points" });
    for (const f of this.features) {
      const p = f.properties;
      const name = lang() === "ar" ? p.name_ar || p.name_en : p.name_en;
      if (p.level === "country") {
        gCountries.append(s("path", { d: geomPath(f.geometry), class: "country", "vector-effect": "non-scaling-stroke" },
          s("title", {}, name)));
        continue;
      }
      if (p.level === "adm1" && adm === "adm2") {
        gOutline.append(s("path", { d: geomPath(f.geometry), class: "adm1-outline", "vector-effect": "non-scaling-stroke" }));
        continue;
      }
      if (p.level !== adm) continue;
      const c = counts.get(adminKey(p, level));
      const n = c ? c.events : 0;
      const sel = this.matches(p, selected);
      const path = s("path", {
        d: geomPath(f.geometry), fill: colorOf(n, br), class: `area${sel ? " selected" : ""}`,
        "vector-effect": "non-scaling-stroke", "data-code": p.code, "data-admin1": p.admin1, "data-name": p.name_en,
        tabindex: "0",
      }, s("title", {}, `${name}${p.level === "adm2" ? ` (${lang() === "ar" ? "" : p.admin1})` : ""}: ${t("events_here", { n: number(n) })}`));
      const pick = () => this.onPick(p);
      path.addEventListener("click", pick);
      path.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); pick(); } });
      gAreas.append(path);
    }
    const maxPoint = Math.max(1, ...points.map((p) => p.events));
    for (const p of [...points].sort((a, b) => b.events - a.events)) {
      if (p.latitude == null || p.longitude == null) continue;
      const r = (3 + 9 * Math.sqrt(p.events / maxPoint)) * unit;
      const label = lang() === "ar" && p.location_ar ? p.location_ar : p.location;
      gPoints.append(s("circle", { cx: px(p.longitude).toFixed(1), cy: py(p.latitude).toFixed(1), r: r.toFixed(2),
        class: "point", "vector-effect": "non-scaling-stroke" },
      s("title", {}, `${label} (${p.admin1 || ""}): ${t("events_here", { n: number(p.events) })}`)));
    }
    svg.append(s("rect", { x: vb[0] - vb[2], y: vb[1] - vb[3], width: vb[2] * 3, height: vb[3] * 3, class: "sea" }),
      gCountries, gAreas, gOutline, gPoints);
    clear(this.container).append(svg);
    this.renderLegend(br);
  }

  renderLegend(br) {
    const items = [h("span", { class: "swatch-label" }, t("events"))];
    items.push(h("span", { class: "swatch" }, h("i", { class: "sw sw-0" }), "0"));
    br.forEach((b, i) => {
      const next = br[i + 1];
      items.push(h("span", { class: "swatch" }, h("i", { class: `sw sw-${Math.min(i + 1, COLORS.length - 1)}` }),
        next ? (next - 1 > b ? `${number(b)}–${number(next - 1)}` : number(b)) : `${number(b)}+`));
    });
    items.push(h("span", { class: "swatch" }, h("i", { class: "sw sw-point" }), t("location")));
    clear(this.legend).append(...items);
  }
}

function pad(box, frac, min = 0.3) {
  if (!box) return DEFAULT_BOX;
  let [x0, y0, x1, y1] = box;
  const w = Math.max(x1 - x0, min);
  const hgt = Math.max(y1 - y0, min);
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  x0 = cx - (w / 2) * (1 + frac); x1 = cx + (w / 2) * (1 + frac);
  y0 = cy - (hgt / 2) * (1 + frac); y1 = cy + (hgt / 2) * (1 + frac);
  return [x0, y0, x1, y1];
}
