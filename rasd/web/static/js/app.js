// The dashboard: filters bound to the URL's query string, a map, a timeline, the trends panel,
// the event table and the event panel. Every piece reads the public API (/api).

import * as api from "./api.js";
import { drawTimeline, sparkline } from "./charts.js";
import { DetailPanel } from "./detail.js";
import { clear, h } from "./dom.js";
import { applyStrings, lang, number, setLang, t, tv } from "./i18n.js";
import { adminKey, EventMap } from "./map.js";

// filter names are the API's parameter names, so the page's query string is the API's
const FILTERS = ["date_from", "date_to", "country", "admin1", "admin2", "event_type", "sub_event_type", "actor",
  "precision", "source", "status", "q"];
const VIEW = ["lang", "map", "by", "event"];
const PAGE = 50;

const state = {
  filters: {}, view: { lang: "en", map: "admin1", by: "admin1", event: null },
  meta: null, actors: [], reviewer: null, next: null, shown: 0, points: [],
};
let map;
let detail;
let refreshes = 0;

const $ = (sel) => document.querySelector(sel);

// --- URL <-> state ---------------------------------------------------------------------------

function readUrl() {
  const q = new URLSearchParams(window.location.search);
  state.filters = {};
  for (const k of FILTERS) {
    const v = q.get(k);
    if (v) state.filters[k] = v;
  }
  if (q.get("reviewed") === "true") state.filters.status = "reviewed";
  state.view.lang = q.get("lang") === "ar" ? "ar" : "en";
  state.view.map = q.get("map") === "admin2" ? "admin2" : "admin1";
  state.view.by = ["admin1", "admin2", "actor", "event_type"].includes(q.get("by")) ? q.get("by") : "admin1";
  state.view.event = /^\d+$/.test(q.get("event") || "") ? q.get("event") : null;
}

function writeUrl(push = true) {
  const q = new URLSearchParams();
  for (const k of FILTERS) if (state.filters[k]) q.set(k, state.filters[k]);
  if (state.view.lang !== "en") q.set("lang", state.view.lang);
  if (state.view.map !== "admin1") q.set("map", state.view.map);
  if (state.view.by !== "admin1") q.set("by", state.view.by);
  if (state.view.event) q.set("event", state.view.event);
  const url = `${window.location.pathname}${q.toString() ? `?${q}` : ""}`;
  if (push) window.history.pushState(null, "", url);
  else window.history.replaceState(null, "", url);
}

/** The API parameters of the current filters ("reviewed" status is the reviewed flag). */
function apiFilters(extra = {}) {
  const p = { ...state.filters };
  if (p.status === "reviewed") {
    delete p.status;
    p.reviewed = "true";
  }
  return { ...p, ...extra };
}

// --- filter form -------------------------------------------------------------------------------

function options(select, items, selected) {
  clear(select).append(h("option", { value: "" }, t("any")),
    ...items.map(([value, label]) => h("option", { value, selected: value === selected }, label)));
  if (selected && ![...select.options].some((o) => o.value === selected)) {
    select.append(h("option", { value: selected, selected: true }, selected));
  }
}

async function fillFilterForm() {
  const form = $("#filters");
  const f = state.filters;
  const [countries, admin1s, admin2s, sources] = await Promise.all([
    api.get("/places", { level: "country", status: "all" }),
    api.get("/places", { level: "admin1", country: f.country, status: "all" }),
    f.admin1 ? api.get("/places", { level: "admin2", admin1: f.admin1, status: "all" }) : Promise.resolve({ data: [] }),
    api.get("/sources"),
  ]);
  options(form.country, countries.data.map((c) => [c.country, `${c.country} (${number(c.events)})`]), f.country);
  options(form.admin1, admin1s.data.map((a) => [a.admin1, `${a.admin1} (${number(a.events)})`]), f.admin1);
  options(form.admin2, admin2s.data.map((a) => [a.admin2, `${a.admin2} (${number(a.events)})`]), f.admin2);
  options(form.event_type, state.meta.event_types.map((v) => [v, tv(v)]), f.event_type);
  const subs = f.event_type ? state.meta.sub_event_types[f.event_type] : Object.values(state.meta.sub_event_types).flat();
  options(form.sub_event_type, subs.map((v) => [v, tv(v)]), f.sub_event_type);
  options(form.actor, state.actors.map((a) => [a.actor, `${a.actor}${a.name && a.name !== a.actor ? ` — ${a.name}` : ""} (${number(a.events)})`]), f.actor);
  options(form.precision, [1, 2, 3].map((v) => [String(v), t(`precision_${v}`)]), f.precision);
  options(form.source, sources.data.map((s) => [s.name, s.name]), f.source);
  clear(form.status).append(
    h("option", { value: "" }, t("default_status")),
    h("option", { value: "reviewed", selected: f.status === "reviewed" }, t("only_reviewed")),
    ...state.meta.statuses.map((v) => h("option", { value: v, selected: f.status === v }, tv(v))),
    h("option", { value: "all", selected: f.status === "all" }, t("all_statuses")));
  form.date_from.value = f.date_from || "";
  form.date_to.value = f.date_to || "";
  form.q.value = f.q || "";
}

function readForm() {
  const form = $("#filters");
  const f = {};
  for (const k of FILTERS) {
    const v = (form[k].value || "").trim();
    if (v) f[k] = v;
  }
  // a district belongs to its governorate: a new governorate clears it
  if (f.admin1 !== state.filters.admin1) delete f.admin2;
  if (f.event_type && f.sub_event_type && !state.meta.sub_event_types[f.event_type].includes(f.sub_event_type)) {
    delete f.sub_event_type;
  }
  return f;
}

function setFilters(changes) {
  const f = { ...state.filters, ...changes };
  for (const [k, v] of Object.entries(f)) if (v == null || v === "") delete f[k];
  state.filters = f;
  writeUrl();
  refresh();
}

// --- loading -----------------------------------------------------------------------------------

function toast(message) {
  const el = $("#toast");
  el.textContent = message;
  el.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { el.hidden = true; }, 4000);
}

async function loadEvents(append = false) {
  const params = apiFilters({ limit: PAGE, cursor: append ? state.next : undefined });
  const res = await api.get("/events", params);
  const body = $("#events-table tbody");
  if (!append) {
    clear(body);
    state.shown = 0;
  }
  for (const e of res.data) body.append(eventRow(e));
  state.shown += res.data.length;
  state.next = res.next;
  $("#more").hidden = !res.next;
  $("#event-count").textContent = res.count ? t("n_of", { shown: number(state.shown), n: number(res.count) }) : t("no_events");
  updateExports();
}

function eventRow(e) {
  const open = () => openEvent(e.id);
  const actors = [e.actor1 || "—", e.assoc_actor1 ? `(+${e.assoc_actor1})` : "", "→", e.actor2 || "—"].join(" ").replace("  ", " ");
  const place = [lang() === "ar" && e.location_ar ? e.location_ar : e.location, e.admin2, e.admin1].filter(Boolean);
  const tr = h("tr", { tabindex: "0", dataset: { eventId: e.id }, class: String(e.id) === state.view.event ? "selected" : null,
    onclick: open, onkeydown: (ev) => { if (ev.key === "Enter") open(); } },
  h("td", { class: "nowrap" }, e.event_date || "—"),
  h("td", {}, h("span", { class: "type" }, tv(e.event_type)), h("br"), h("small", {}, tv(e.sub_event_type))),
  h("td", {}, actors),
  h("td", {}, place.flatMap((part, i) => [i ? ", " : null, h("bdi", {}, part)])),
  h("td", { class: "num fatalities" }, number(e.fatalities)),
  h("td", { class: "num" }, `${e.geo_precision}/${e.time_precision}`),
  h("td", {}, h("span", { class: `badge status-${e.status}` }, tv(e.status))),
  h("td", {}, e.source || "—"));
  return tr;
}

async function loadMap() {
  const level = state.view.map;
  const [areas, points] = await Promise.all([
    api.get("/places", apiFilters({ level, limit: 10000 })),
    api.get("/places", apiFilters({ level: "location", limit: 3000 })),
  ]);
  const counts = new Map(areas.data.map((r) => [adminKey(r, level), r]));
  state.points = points.data;
  map.fit({ admin1: state.filters.admin1 ? [state.filters.admin1] : [], admin2: state.filters.admin2 ? [state.filters.admin2] : [],
    country: state.filters.country }, points.data);
  map.render({ level, counts, points: points.data,
    selected: { admin1: state.filters.admin1 ? [state.filters.admin1] : [], admin2: state.filters.admin2 ? [state.filters.admin2] : [] } });
}

async function loadTimeline(week) {
  const res = await api.get("/trends/weekly", apiFilters());
  drawTimeline($("#timeline"), res.data, {
    highlightWeek: week,
    onPick: (monday) => {
      const end = new Date(`${monday}T00:00:00Z`);
      end.setUTCDate(end.getUTCDate() + 6);
      setFilters({ date_from: monday, date_to: end.toISOString().slice(0, 10) });
    },
  });
  $("#timeline-range").textContent = res.data.length ? `${res.data[0].week} — ${res.data[res.data.length - 1].week}` : "";
}

function pct(x) {
  if (x == null) return "—";
  const v = Math.round(x * 100);
  return `${v > 0 ? "+" : ""}${number(v)}%`;
}

async function loadTrends() {
  const by = state.view.by;
  const res = await api.get("/trends", apiFilters({ dimension: by, limit: 40 }));
  const d = res.data;
  $("#trend-week").textContent = d.week ? t("week_of", { week: d.week, start: d.coverage_start }) : t("no_trends");
  const rows = d.trends.map((tr) => {
    const sig = tr.signals || {};
    const pick = () => {
      if (by === "admin1") setFilters({ admin1: tr.admin1, admin2: null });
      else if (by === "admin2") setFilters({ admin1: tr.admin1, admin2: tr.admin2 });
      else if (by === "actor") setFilters({ actor: tr.actor });
      else if (by === "event_type") setFilters({ event_type: tr.event_type, sub_event_type: null });
    };
    return h("tr", { tabindex: "0", onclick: pick, onkeydown: (ev) => { if (ev.key === "Enter") pick(); } },
      h("th", { scope: "row", dir: "auto" }, by === "event_type" ? tv(tr.label) : tr.label),
      h("td", { class: "num" }, number(tr.events)),
      h("td", { class: "num" }, tr.baseline_4 == null ? "—" : number(Math.round(tr.baseline_4 * 10) / 10)),
      h("td", {}, h("span", { class: `level level-${tr.level_4}` }, tv(tr.level_4)), " ", h("small", {}, pct(tr.change_4))),
      h("td", {}, h("span", { class: `level level-${tr.level_52}` }, tv(tr.level_52)), " ", h("small", {}, pct(tr.change_52))),
      h("td", { class: "signals-cell" },
        sig.escalation ? h("span", { class: "sig sig-up", title: tv("escalation") }, `▲${number(sig.escalation)}`) : null,
        sig.decline ? h("span", { class: "sig sig-down", title: tv("decline") }, `▼${number(sig.decline)}`) : null,
        sig.presence ? h("span", { class: "sig sig-pres", title: tv("presence") }, `●${number(sig.presence)}`) : null),
      h("td", {}, sparkline(tr.series)));
  });
  clear($("#trends")).append(d.trends.length ? h("table", { class: "trend-table" },
    h("thead", {}, h("tr", {}, ["t_place", "t_week", "t_avg4", "t_chg4", "t_chg52", "t_signals", "t_trend"].map((k) => h("th", {}, t(k))))),
    h("tbody", {}, rows)) : h("p", { class: "muted" }, t("no_trends")));
  clear($("#dyads")).append(d.new_dyads.length
    ? h("ul", {}, d.new_dyads.map((x) => h("li", {}, h("strong", {}, x.label), `: ${x.actor_a} – ${x.actor_b} (${number(x.events)}, ${x.first_date})`)))
    : h("p", { class: "muted" }, t("no_dyads")));
  return d.week;
}

function updateExports() {
  const reviewed = $("#export-reviewed").checked;
  for (const a of document.querySelectorAll(".exports a[data-format]")) {
    const params = apiFilters({ format: a.dataset.format });
    if (reviewed) {
      delete params.status;
      params.reviewed = "true";
    }
    a.href = `/api/events/export${api.query(params)}`;
    a.setAttribute("download", "");
  }
}

async function refresh() {
  try {
    await fillFilterForm();
    const [week] = await Promise.all([loadTrends(), loadEvents(), loadMap()]);
    await loadTimeline(week);
    if (state.view.event) await detail.show(state.view.event, state.reviewer);
    else detail.hide();
    document.body.dataset.ready = "true";
    refreshes += 1;
    document.body.dataset.refreshes = String(refreshes);
  } catch (err) {
    toast(t("load_error", { msg: err.message }));
    console.error(err);
  }
}

function openEvent(id) {
  state.view.event = String(id);
  writeUrl();
  for (const tr of document.querySelectorAll("#events-table tbody tr")) {
    tr.classList.toggle("selected", tr.dataset.eventId === String(id));
  }
  detail.show(id, state.reviewer);
}

function closeEvent() {
  state.view.event = null;
  writeUrl();
  detail.hide();
}

// --- reviewer token ----------------------------------------------------------------------------

async function checkToken() {
  if (!api.token()) {
    state.reviewer = null;
  } else {
    try {
      state.reviewer = (await api.whoami()).data;
    } catch {
      api.setToken("");
      state.reviewer = null;
      toast(t("bad_token"));
    }
  }
  $("#whoami").textContent = state.reviewer ? `${t("signed_in_as")} ${state.reviewer.name}` : "";
  $("#token-clear").hidden = !state.reviewer;
  $("#token-input").hidden = Boolean(state.reviewer);
  $("#token-submit").hidden = Boolean(state.reviewer);
  $("label[for=token-input]").hidden = Boolean(state.reviewer);
}

// --- start -------------------------------------------------------------------------------------

function applyLanguage() {
  setLang(state.view.lang);
  applyStrings();
  $("#lang-toggle").textContent = state.view.lang === "ar" ? "English" : "العربية";
  const by = $("#trend-by");
  clear(by).append(...["admin1", "admin2", "actor", "event_type"].map((v) => h("option", { value: v, selected: v === state.view.by }, t(`by_${v}`))));
  for (const b of document.querySelectorAll("[data-map-level]")) b.classList.toggle("active", b.dataset.mapLevel === state.view.map);
}

async function start() {
  readUrl();
  applyLanguage();
  map = new EventMap($("#map"), $("#map-legend"), {
    onPick: (p) => {
      if (p.level === "adm2") setFilters({ admin1: p.admin1, admin2: p.admin2 });
      else if (state.filters.admin1 === p.admin1 || state.filters.admin1 === p.admin1_code) setFilters({ admin1: null, admin2: null });
      else setFilters({ admin1: p.admin1, admin2: null });
    },
  });
  const [meta, actors] = await Promise.all([api.get("/meta"), api.get("/actors", { limit: 400, status: "all" }), map.load()]);
  state.meta = meta.data;
  state.actors = actors.data;
  const signIn = async (value) => {
    api.setToken(value);
    await checkToken();
    if (state.view.event) await detail.show(state.view.event, state.reviewer);
  };
  detail = new DetailPanel($("#detail"), { onClose: closeEvent, onSignIn: signIn, meta: state.meta, actors: state.actors,
    onChanged: async (id) => { await refresh(); if (!state.view.event) await detail.show(id, state.reviewer); } });
  await checkToken();

  $("#filters").addEventListener("submit", (ev) => {
    ev.preventDefault();
    state.filters = readForm();
    writeUrl();
    refresh();
  });
  $("#filters").admin1.addEventListener("change", () => {
    state.filters = readForm();
    writeUrl();
    refresh();
  });
  $("#filters").event_type.addEventListener("change", () => {
    state.filters = readForm();
    writeUrl();
    refresh();
  });
  $("#filters-reset").addEventListener("click", () => { state.filters = {}; writeUrl(); refresh(); });
  $("#more").addEventListener("click", () => loadEvents(true));
  $("#export-reviewed").addEventListener("change", updateExports);
  $("#trend-by").addEventListener("change", (ev) => { state.view.by = ev.target.value; writeUrl(); loadTrends(); });
  for (const b of document.querySelectorAll("[data-map-level]")) {
    b.addEventListener("click", () => { state.view.map = b.dataset.mapLevel; applyLanguage(); writeUrl(); loadMap(); });
  }
  $("#map-fit").addEventListener("click", () => {
    map.fit({ admin1: [], admin2: [], fitEvents: true }, state.points);
    loadMap();
  });
  $("#lang-toggle").addEventListener("click", () => {
    state.view.lang = state.view.lang === "ar" ? "en" : "ar";
    writeUrl();
    applyLanguage();
    refresh();
  });
  $("#token-form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const value = $("#token-input").value.trim();
    $("#token-input").value = "";
    await signIn(value);
  });
  $("#token-clear").addEventListener("click", async () => {
    api.setToken("");
    await checkToken();
    if (state.view.event) await detail.show(state.view.event, state.reviewer);
  });
  document.addEventListener("click", (ev) => {
    const a = ev.target.closest("a[data-event]");
    if (a) { ev.preventDefault(); openEvent(a.dataset.event); }
  });
  window.addEventListener("popstate", () => { readUrl(); applyLanguage(); refresh(); });
  let resizeTimer;
  window.addEventListener("resize", () => { clearTimeout(resizeTimer); resizeTimer = setTimeout(() => { loadMap(); }, 200); });
  await refresh();
}

start();
