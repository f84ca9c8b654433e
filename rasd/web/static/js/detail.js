// The event panel: the event's fields, its article with the evidence spans highlighted by role
// (Arabic right-to-left), the review form, the incident, and the review history.
//
// The article text is put in the page as text nodes only; the highlights are <mark> elements
// around text nodes. Evidence offsets are Python string indices (code points), so the text is
// cut by code points, not by JavaScript's UTF-16 units.

import * as api from "./api.js";
import { clear, h, safeHref } from "./dom.js";
import { lang, number, t, tv } from "./i18n.js";

export const ROLES = ["trigger", "actor1", "assoc_actor1", "actor2", "location", "date", "fatalities"];
const ROLE_RANK = Object.fromEntries(ROLES.map((r, i) => [r, i]));

/** The article text as a fragment: text nodes, and <mark class="ev ev-ROLE"> around evidence spans. */
export function highlighted(text, spans) {
  const chars = Array.from(text);
  const cuts = new Set([0, chars.length]);
  const good = spans.filter((sp) => Number.isInteger(sp.start) && Number.isInteger(sp.end)
    && sp.start >= 0 && sp.start < sp.end && sp.end <= chars.length);
  for (const sp of good) { cuts.add(sp.start); cuts.add(sp.end); }
  const points = [...cuts].sort((a, b) => a - b);
  const frag = document.createDocumentFragment();
  for (let i = 0; i < points.length - 1; i++) {
    const a = points[i];
    const b = points[i + 1];
    const piece = chars.slice(a, b).join("");
    const roles = [...new Set(good.filter((sp) => sp.start <= a && sp.end >= b).map((sp) => sp.role))]
      .sort((x, y) => (ROLE_RANK[x] ?? 99) - (ROLE_RANK[y] ?? 99));
    if (!roles.length) {
      frag.append(document.createTextNode(piece));
      continue;
    }
    frag.append(h("mark", { class: `ev ev-${roles[0]}`, dataset: { roles: roles.join(" ") },
      title: roles.map((r) => t(`role_${r}`)).join(", ") }, piece));
  }
  return frag;
}

function field(label, value) {
  return [h("dt", {}, label), h("dd", {}, value == null || value === "" ? "—" : value)];
}

function legend() {
  return h("p", { class: "role-legend" }, t("legend_roles"), " ",
    ROLES.map((r) => h("mark", { class: `ev ev-${r}` }, t(`role_${r}`))));
}

const PLACE_FIELDS = ["country", "admin1", "admin2", "admin3", "location", "location_ar", "latitude", "longitude"];

export class DetailPanel {
  constructor(root, { onClose, onChanged, onSignIn, meta, actors }) {
    this.root = root;
    this.onSignIn = onSignIn;
    this.title = root.querySelector("#detail-title");
    this.body = root.querySelector("#detail-body");
    this.onChanged = onChanged;
    this.meta = meta;
    this.actors = actors;
    root.querySelector("#detail-close").addEventListener("click", onClose);
  }

  hide() {
    this.root.hidden = true;
    clear(this.body);
  }

  async show(eventId, reviewer) {
    this.root.hidden = false;
    clear(this.body).append(h("p", { class: "muted" }, "…"));
    let event;
    let article;
    let incident = null;
    try {
      event = (await api.get(`/events/${eventId}`)).data;
      article = (await api.get(`/articles/${event.article_id}`)).data;
      if (event.incident_id != null) incident = (await api.get(`/incidents/${event.incident_id}`)).data;
    } catch (err) {
      clear(this.body).append(h("p", { class: "error" }, t("load_error", { msg: err.message })));
      return;
    }
    this.event = event;
    this.title.textContent = `${t("event")} #${event.id} — ${tv(event.sub_event_type)}`;
    clear(this.body).append(
      this.summary(event),
      this.articleView(event, article),
      this.reviewForm(event, reviewer),
      this.incidentView(event, incident, reviewer),
      this.historyView(event.history || []),
    );
  }

  summary(e) {
    const actors = [e.actor1, e.assoc_actor1 ? `+ ${e.assoc_actor1}` : null, "→", e.actor2 || "—"].filter(Boolean).join(" ");
    return h("section", { class: "summary" },
      h("p", { class: `status status-${e.status}` }, `${t("status_word")}: ${tv(e.status)}`),
      h("dl", { class: "fields" },
        field(t("event_type"), `${tv(e.event_type)} / ${tv(e.sub_event_type)}`),
        field(t("c_actors"), actors),
        field(t("event_date"), `${e.event_date || "—"} (${t("time_precision")} ${e.time_precision})`),
        field(t("location"), [h("bdi", {}, e.location || "—"), e.location_ar ? " · " : null,
          e.location_ar ? h("bdi", { lang: "ar", dir: "rtl" }, e.location_ar) : null]),
        field(t("c_place"), [e.admin2, e.admin1, e.country].filter(Boolean).join(", ")),
        field(t("geo_precision"), e.geo_precision),
        field(t("fatalities"), number(e.fatalities)),
        field(t("civilian_targeting"), e.civilian_targeting ? "✓" : "—"),
      ));
  }

  articleView(e, a) {
    const href = a.url ? safeHref(a.url) : null;
    const text = h("div", { class: "article-text", dir: a.direction, lang: a.direction === "rtl" ? "ar" : "en",
      id: "article-text" });
    text.append(highlighted(a.text, e.evidence || []));
    const others = (a.events || []).filter((x) => x.id !== e.id);
    return h("section", { class: "article" },
      h("h3", {}, t("article")),
      h("h4", { dir: "auto", class: "article-title" }, a.title || a.external_id),
      h("p", { class: "muted" }, `${t("published")}: ${a.published || "—"} · ${t("source")}: ${a.source || "—"} `,
        href ? h("a", { href, rel: "noopener noreferrer nofollow", target: "_blank" }, t("open_original")) : null),
      legend(),
      text,
      others.length ? h("div", { class: "others" }, h("h4", {}, t("other_events")),
        h("ul", {}, others.map((o) => h("li", {}, h("a", { href: `#event-${o.id}`, dataset: { event: o.id } },
          `#${o.id} ${tv(o.sub_event_type)} — ${o.location || o.admin1 || ""} ${o.event_date || ""}`))))) : null,
      (a.signals || []).length ? h("div", { class: "signals" }, h("h4", {}, t("signals_here")),
        h("ul", {}, a.signals.map((sg) => h("li", {}, `${tv(sg.direction)} · ${sg.actor || "—"} · ${sg.admin1 || "—"} · `,
          h("q", { dir: "auto" }, (sg.evidence || []).map((sp) => sp.text).join(" … ")))))) : null,
    );
  }

  reviewForm(e, reviewer) {
    const box = h("section", { class: "review", id: "review" }, h("h3", {}, t("review")));
    if (!reviewer) {
      const input = h("input", { type: "password", id: "review-token", autocomplete: "off", spellcheck: "false",
        "aria-label": t("reviewer_token") });
      box.append(h("p", { class: "muted", id: "review-locked" }, t("sign_in_to_review")),
        h("form", { class: "inline-form", id: "review-sign-in", onsubmit: (ev) => {
          ev.preventDefault();
          if (input.value.trim()) this.onSignIn(input.value.trim());
        } }, h("label", {}, h("span", {}, t("reviewer_token")), input), h("button", { type: "submit" }, t("sign_in"))));
      return box;
    }
    const inputs = {};
    const types = this.meta.event_types;
    const subTypes = this.meta.sub_event_types;
    const typeSel = h("select", { name: "event_type" }, types.map((v) => h("option", { value: v, selected: v === e.event_type }, tv(v))));
    const subSel = h("select", { name: "sub_event_type" });
    const fillSubs = () => {
      clear(subSel).append(...subTypes[typeSel.value].map((v) => h("option", { value: v, selected: v === e.sub_event_type }, tv(v))));
    };
    typeSel.addEventListener("change", fillSubs);
    fillSubs();
    inputs.event_type = typeSel;
    inputs.sub_event_type = subSel;
    const list = h("datalist", { id: "actor-ids" }, this.actors.map((a) => h("option", { value: a.actor }, a.name || a.actor)));
    for (const name of ["actor1", "assoc_actor1", "actor2"]) {
      inputs[name] = h("input", { name, value: e[name] || "", list: "actor-ids", maxlength: 200 });
    }
    for (const name of PLACE_FIELDS) {
      const numeric = name === "latitude" || name === "longitude";
      inputs[name] = h("input", { name, value: e[name] ?? "", type: numeric ? "number" : "text", step: numeric ? "0.0001" : null,
        dir: name === "location_ar" ? "rtl" : null, maxlength: numeric ? null : 300 });
    }
    inputs.event_date = h("input", { name: "event_date", type: "date", value: e.event_date || "" });
    inputs.fatalities = h("input", { name: "fatalities", type: "number", min: 0, step: 1, value: e.fatalities });
    for (const name of ["geo_precision", "time_precision"]) {
      inputs[name] = h("select", { name }, [1, 2, 3].map((v) => h("option", { value: v, selected: v === e[name] }, String(v))));
    }
    inputs.civilian_targeting = h("input", { name: "civilian_targeting", type: "checkbox", checked: e.civilian_targeting });
    const note = h("textarea", { name: "note", rows: 2, maxlength: 2000 });
    const status = h("p", { class: "form-status", "aria-live": "polite" });
    const order = ["event_type", "sub_event_type", "actor1", "assoc_actor1", "actor2", "event_date", "time_precision",
      ...PLACE_FIELDS, "geo_precision", "fatalities", "civilian_targeting"];
    const grid = h("div", { class: "form-grid" }, order.map((name) => h("label", {}, h("span", {}, t(name)), inputs[name])),
      h("label", { class: "wide" }, h("span", {}, t("note")), note));
    const changes = () => {
      const out = {};
      for (const name of order) {
        const el = inputs[name];
        let v;
        if (name === "civilian_targeting") v = el.checked;
        else if (["fatalities", "geo_precision", "time_precision"].includes(name)) v = el.value === "" ? null : Number.parseInt(el.value, 10);
        else if (name === "latitude" || name === "longitude") v = el.value === "" ? null : Number(el.value);
        else v = el.value.trim() === "" ? null : el.value.trim();
        const old = e[name] ?? null;
        if (v !== old) out[name] = v;
      }
      return out;
    };
    const send = async (action) => {
      const body = { action, note: note.value.trim() || null };
      if (action === "edit") {
        body.changes = changes();
        if (!Object.keys(body.changes).length) { status.textContent = t("nothing_changed"); return; }
      }
      status.textContent = "…";
      try {
        await api.post(`/events/${e.id}/review`, body);
        status.textContent = t("saved");
        await this.onChanged(e.id);
      } catch (err) {
        status.textContent = err.message;
        status.classList.add("error");
      }
    };
    const form = h("form", { class: "review-form", id: "review-form" }, grid,
      h("div", { class: "review-buttons" },
        h("button", { type: "button", id: "review-confirm", onclick: () => send("confirm") }, t("confirm")),
        h("button", { type: "submit", id: "review-save" }, t("save_edit")),
        h("button", { type: "button", id: "review-reject", class: "danger", onclick: () => send("reject") }, t("reject")),
        e.status !== "machine" ? h("button", { type: "button", id: "review-reopen", class: "secondary", onclick: () => send("reopen") }, t("reopen")) : null),
      status);
    form.addEventListener("submit", (ev) => { ev.preventDefault(); send("edit"); });
    box.append(list, form);
    return box;
  }

  incidentView(e, incident, reviewer) {
    const box = h("section", { class: "incident" }, h("h3", {}, t("incident")));
    const status = h("p", { class: "form-status", "aria-live": "polite" });
    const run = async (path, body) => {
      status.textContent = "…";
      try {
        await api.post(path, body);
        await this.onChanged(e.id);
      } catch (err) {
        status.textContent = err.message;
      }
    };
    if (e.incident_id == null) {
      box.append(h("p", { class: "muted" }, t("not_in_incident")));
    } else {
      const members = (incident?.members || []).filter((m) => m.active);
      box.append(h("p", {}, `#${e.incident_id}`),
        h("ul", { class: "members" }, members.map((m) => h("li", {},
          m.event_id === e.id ? h("strong", {}, `#${m.event_id}`) : h("a", { href: `#event-${m.event_id}`, dataset: { event: m.event_id } }, `#${m.event_id}`),
          ` ${tv(m.sub_event_type)} — ${m.location || m.admin1 || ""} ${m.event_date || ""} · `, h("small", {}, m.reason)))));
      if (reviewer) {
        box.append(h("button", { type: "button", class: "secondary",
          onclick: () => run(`/incidents/${e.incident_id}/split`, { event_ids: [e.id] }) }, t("take_out")));
      }
    }
    if (reviewer) {
      const target = h("input", { type: "number", min: 1, step: 1, class: "short" });
      const intoIncident = e.incident_id == null;
      box.append(h("form", { class: "inline-form", onsubmit: (ev) => {
        ev.preventDefault();
        const id = Number.parseInt(target.value, 10);
        if (!id) return;
        run("/incidents/merge", intoIncident ? { event_ids: [e.id, id] } : { incident_ids: [e.incident_id], event_ids: [id] });
      } }, h("label", {}, h("span", {}, t("merge_with_event")), target), h("button", { type: "submit" }, t("merge"))));
    }
    box.append(status);
    return box;
  }

  historyView(rows) {
    const box = h("section", { class: "history", id: "history" }, h("h3", {}, t("history")));
    if (!rows.length) {
      box.append(h("p", { class: "muted" }, t("no_history")));
      return box;
    }
    box.append(h("ol", {}, rows.map((r) => {
      const keys = Object.keys(r.after || {});
      return h("li", {},
        h("strong", { class: "action" }, actionLabel(r.action)), ` ${t("by_who")} `, h("bdi", {}, r.who),
        ` · ${new Date(r.at).toLocaleString(lang() === "ar" ? "ar" : "en")}`,
        keys.length ? h("ul", { class: "changes" }, keys.map((k) => h("li", { dataset: { field: k } },
          `${t(k)}: `, h("del", {}, fmt(r.before?.[k])), " → ", h("ins", {}, fmt(r.after[k]))))) : null,
        r.note ? h("p", { class: "note" }, r.note) : null);
    })));
    return box;
  }
}

const ACTION_STATUS = { confirm: "confirmed", edit: "edited", reject: "rejected", reopen: "machine" };

function actionLabel(action) {
  if (action in ACTION_STATUS) return tv(ACTION_STATUS[action]);
  return action === "merge" ? t("merge") : action === "split" ? t("take_out") : action;
}

function fmt(v) {
  if (v == null || v === "") return "—";
  if (typeof v === "boolean") return v ? "✓" : "✗";
  return tv(String(v));
}
