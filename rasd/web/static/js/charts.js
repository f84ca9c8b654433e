// The timeline (weekly bars) and the small sparklines of the trends table, in SVG.

import { clear, s } from "./dom.js";
import { lang, number, t } from "./i18n.js";

/** Weekly bars; a click on a bar hands its week (Monday, YYYY-MM-DD) to onPick. */
export function drawTimeline(container, rows, { onPick, highlightWeek }) {
  clear(container);
  if (!rows.length) return;
  const width = Math.max(container.clientWidth || 600, 300);
  const height = 130;
  const padB = 20;
  const padT = 10;
  const max = Math.max(1, ...rows.map((r) => r.events));
  const bw = width / rows.length;
  const rtl = lang() === "ar";
  const svg = s("svg", { viewBox: `0 0 ${width} ${height}`, class: "timeline-svg", role: "img", "aria-label": t("timeline") });
  svg.append(s("line", { x1: 0, x2: width, y1: height - padB + 0.5, y2: height - padB + 0.5, class: "axis" }));
  let lastLabel = "";
  rows.forEach((r, i) => {
    const x = rtl ? width - (i + 1) * bw : i * bw;
    const hgt = ((height - padB - padT) * r.events) / max;
    const bar = s("rect", {
      x: (x + Math.min(1, bw * 0.1)).toFixed(2), y: (height - padB - hgt).toFixed(2),
      width: Math.max(0.5, bw - Math.min(2, bw * 0.2)).toFixed(2), height: Math.max(0, hgt).toFixed(2),
      class: `bar${r.week === highlightWeek ? " current" : ""}`, "data-week": r.week,
    }, s("title", {}, `${r.week}: ${t("events_here", { n: number(r.events) })}`));
    bar.addEventListener("click", () => onPick(r.week));
    svg.append(bar);
    const label = rows.length > 26 ? r.week.slice(0, 4) : r.week.slice(0, 7);
    if (label !== lastLabel) {
      svg.append(s("text", { x: (rtl ? x + bw : x).toFixed(1), y: height - 5, class: "tick" }, label));
      lastLabel = label;
    }
  });
  svg.append(s("text", { x: rtl ? width - 2 : 2, y: padT + 2, class: "tick max" }, number(max)));
  container.append(svg);
}

/** A sparkline of weekly counts (oldest first), the last point marked. */
export function sparkline(series) {
  const w = 80;
  const hgt = 20;
  const max = Math.max(1, ...series);
  const step = series.length > 1 ? w / (series.length - 1) : w;
  const pts = series.map((v, i) => `${(i * step).toFixed(1)},${(hgt - 2 - ((hgt - 4) * v) / max).toFixed(1)}`);
  const last = pts[pts.length - 1].split(",");
  return s("svg", { viewBox: `0 0 ${w} ${hgt}`, class: "spark", "aria-hidden": "true" },
    s("polyline", { points: pts.join(" "), class: "spark-line" }),
    s("circle", { cx: last[0], cy: last[1], r: 2, class: "spark-dot" }));
}
