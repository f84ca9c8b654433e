// Interface strings in English and Arabic. Codebook values (event types, statuses, levels)
// are translated for display only; filters and the API always use the English values.

const STRINGS = {
  en: {
    subtitle: "conflict events from Arabic and English news",
    api_docs: "API docs", reviewer_token: "Reviewer token", sign_in: "Sign in", sign_out: "Sign out",
    signed_in_as: "Signed in as", bad_token: "Unknown or revoked token",
    f_date_from: "From", f_date_to: "To", f_country: "Country", f_admin1: "Governorate", f_admin2: "District",
    f_event_type: "Event type", f_sub_event_type: "Sub-type", f_actor: "Actor", f_precision: "Place precision",
    f_source: "Source", f_status: "Review status", f_q: "Search the articles", any: "Any",
    apply: "Apply", reset: "Reset", map: "Map", governorates: "Governorates", districts: "Districts", fit: "Fit",
    escalation: "Trends and escalation", new_dyads: "New actor pairs in a place", no_dyads: "None this week.",
    timeline: "Events per week", events: "Events", export: "Export:", reviewed_only: "reviewed only",
    c_date: "Date", c_type: "Type", c_actors: "Actors", c_place: "Place", c_fatalities: "Deaths",
    c_precision: "Precision", c_status: "Status", c_source: "Source", more: "Load more", close: "Close",
    footer: "rasd — events are machine-coded; check the evidence.", attribution: "Map data attribution",
    n_events: "{n} events", n_of: "{shown} of {n} events", no_events: "No events match these filters.",
    week_of: "Week of {week} (data from {start})", no_trends: "No events to compare.",
    t_place: "", t_week: "This week", t_avg4: "4-wk avg", t_chg4: "vs 4 wk", t_chg52: "vs 52 wk", t_signals: "Signals",
    t_trend: "12 weeks", by_admin1: "by governorate", by_admin2: "by district", by_actor: "by actor",
    by_event_type: "by event type", event: "Event", article: "Article", evidence: "Evidence",
    legend_roles: "Highlighted:", history: "Review history", no_history: "Not reviewed yet.",
    review: "Review", confirm: "Confirm", reject: "Reject", reopen: "Reopen", save_edit: "Save changes",
    note: "Note (optional)", sign_in_to_review: "Sign in with a reviewer token to confirm, edit or reject.",
    saved: "Saved.", incident: "Incident", not_in_incident: "Not merged with other reports.",
    take_out: "Take this event out", merge_into: "Merge into incident #", merge_with_event: "Merge with event #",
    merge: "Merge", other_events: "Other events in this article", signals_here: "Trend signals in this article",
    published: "Published", source: "Source", open_original: "original", nothing_changed: "Nothing changed.",
    fatalities: "Deaths", location: "Location", location_ar: "Location (Arabic)", country: "Country",
    admin1: "Governorate", admin2: "District", admin3: "Sub-district", event_date: "Date", actor1: "Actor 1",
    assoc_actor1: "Associated actor", actor2: "Actor 2", event_type: "Event type", sub_event_type: "Sub-type",
    geo_precision: "Place precision", time_precision: "Time precision", civilian_targeting: "Civilians targeted",
    latitude: "Latitude", longitude: "Longitude", admin1_code: "Admin1 code", status_word: "Status",
    by_who: "by", load_error: "Could not load: {msg}", events_here: "{n} events", reviewed: "reviewed",
    all_statuses: "All (incl. rejected)", default_status: "Not rejected", only_reviewed: "Reviewed",
    precision_1: "1 — the town", precision_2: "2 — near a town", precision_3: "3 — a region",
    role_trigger: "trigger", role_actor1: "actor 1", role_assoc_actor1: "associated actor", role_actor2: "actor 2",
    role_location: "place", role_date: "date", role_fatalities: "deaths",
  },
  ar: {
    subtitle: "أحداث النزاع من الأخبار العربية والإنجليزية",
    api_docs: "توثيق الواجهة البرمجية", reviewer_token: "رمز المراجع", sign_in: "دخول", sign_out: "خروج",
    signed_in_as: "المراجع:", bad_token: "رمز غير معروف أو ملغى",
    f_date_from: "من", f_date_to: "إلى", f_country: "الدولة", f_admin1: "المحافظة", f_admin2: "المنطقة",
    f_event_type: "نوع الحدث", f_sub_event_type: "النوع الفرعي", f_actor: "الفاعل", f_precision: "دقة المكان",
    f_source: "المصدر", f_status: "حالة المراجعة", f_q: "بحث في المقالات", any: "الكل",
    apply: "تطبيق", reset: "إعادة ضبط", map: "الخريطة", governorates: "المحافظات", districts: "المناطق", fit: "ملاءمة",
    escalation: "الاتجاهات والتصعيد", new_dyads: "أطراف جديدة في مكان", no_dyads: "لا شيء هذا الأسبوع.",
    timeline: "الأحداث أسبوعياً", events: "الأحداث", export: "تصدير:", reviewed_only: "المراجَعة فقط",
    c_date: "التاريخ", c_type: "النوع", c_actors: "الفاعلون", c_place: "المكان", c_fatalities: "القتلى",
    c_precision: "الدقة", c_status: "الحالة", c_source: "المصدر", more: "المزيد", close: "إغلاق",
    footer: "رصد — الأحداث مرمّزة آلياً؛ راجع الأدلة.", attribution: "مصادر بيانات الخريطة",
    n_events: "{n} حدثاً", n_of: "{shown} من {n} حدثاً", no_events: "لا أحداث تطابق هذه المرشحات.",
    week_of: "أسبوع {week} (البيانات منذ {start})", no_trends: "لا أحداث للمقارنة.",
    t_place: "", t_week: "هذا الأسبوع", t_avg4: "متوسط ٤ أسابيع", t_chg4: "مقابل ٤ أسابيع", t_chg52: "مقابل ٥٢ أسبوعاً",
    t_signals: "إشارات", t_trend: "١٢ أسبوعاً", by_admin1: "حسب المحافظة", by_admin2: "حسب المنطقة",
    by_actor: "حسب الفاعل", by_event_type: "حسب نوع الحدث", event: "الحدث", article: "المقال", evidence: "الأدلة",
    legend_roles: "الإبراز:", history: "سجل المراجعة", no_history: "لم يُراجَع بعد.",
    review: "المراجعة", confirm: "تأكيد", reject: "رفض", reopen: "إعادة فتح", save_edit: "حفظ التعديلات",
    note: "ملاحظة (اختيارية)", sign_in_to_review: "ادخل برمز مراجع لتأكيد الحدث أو تعديله أو رفضه.",
    saved: "حُفظ.", incident: "الواقعة", not_in_incident: "غير مدمج مع تقارير أخرى.",
    take_out: "إخراج هذا الحدث", merge_into: "دمج في الواقعة رقم", merge_with_event: "دمج مع الحدث رقم",
    merge: "دمج", other_events: "أحداث أخرى في هذا المقال", signals_here: "إشارات الاتجاه في هذا المقال",
    published: "نُشر", source: "المصدر", open_original: "الأصل", nothing_changed: "لم يتغير شيء.",
    fatalities: "القتلى", location: "الموقع", location_ar: "الموقع (بالعربية)", country: "الدولة",
    admin1: "المحافظة", admin2: "المنطقة", admin3: "الناحية", event_date: "التاريخ", actor1: "الفاعل ١",
    assoc_actor1: "فاعل مشارك", actor2: "الفاعل ٢", event_type: "نوع الحدث", sub_event_type: "النوع الفرعي",
    geo_precision: "دقة المكان", time_precision: "دقة الزمن", civilian_targeting: "استهداف مدنيين",
    latitude: "خط العرض", longitude: "خط الطول", admin1_code: "رمز المحافظة", status_word: "الحالة",
    by_who: "بواسطة", load_error: "تعذّر التحميل: {msg}", events_here: "{n} حدثاً", reviewed: "مراجَع",
    all_statuses: "الكل (مع المرفوض)", default_status: "غير المرفوض", only_reviewed: "المراجَع",
    precision_1: "١ — البلدة نفسها", precision_2: "٢ — قرب بلدة", precision_3: "٣ — منطقة",
    role_trigger: "الفعل", role_actor1: "الفاعل ١", role_assoc_actor1: "فاعل مشارك", role_actor2: "الفاعل ٢",
    role_location: "المكان", role_date: "التاريخ", role_fatalities: "القتلى",
  },
};

const VALUES_AR = {
  "Battles": "معارك", "Protests": "احتجاجات", "Riots": "أعمال شغب",
  "Explosions/Remote violence": "انفجارات/عنف عن بعد", "Violence against civilians": "عنف ضد المدنيين",
  "Strategic developments": "تطورات استراتيجية",
  "Government regains territory": "استعادة الحكومة أراضي", "Non-state actor overtakes territory": "سيطرة جهة غير حكومية",
  "Armed clash": "اشتباك مسلح", "Excessive force against protesters": "قوة مفرطة ضد المحتجين",
  "Protest with intervention": "احتجاج مع تدخل", "Peaceful protest": "احتجاج سلمي",
  "Violent demonstration": "تظاهرة عنيفة", "Mob violence": "عنف جماعي", "Chemical weapon": "سلاح كيميائي",
  "Air/drone strike": "غارة جوية/مسيّرة", "Suicide bomb": "تفجير انتحاري",
  "Shelling/artillery/missile attack": "قصف مدفعي/صاروخي", "Remote explosive/landmine/IED": "عبوة ناسفة/لغم",
  "Grenade": "قنبلة يدوية", "Sexual violence": "عنف جنسي", "Attack": "هجوم",
  "Abduction/forced disappearance": "خطف/إخفاء قسري", "Agreement": "اتفاق", "Arrests": "اعتقالات",
  "Change to group/activity": "تغيير في جماعة/نشاط", "Disrupted weapons use": "إحباط استخدام أسلحة",
  "Headquarters or base established": "إنشاء مقر أو قاعدة", "Looting/property destruction": "نهب/تدمير ممتلكات",
  "Non-violent transfer of territory": "انتقال أراضٍ دون قتال", "Other": "أخرى",
  machine: "آلي", confirmed: "مؤكَّد", edited: "معدَّل", rejected: "مرفوض",
  large_increase: "ارتفاع كبير", moderate_increase: "ارتفاع معتدل", limited_change: "تغير محدود",
  decrease: "انخفاض", new_activity: "نشاط جديد", no_activity: "لا نشاط", insufficient_history: "لا تاريخ كافٍ",
  escalation: "تصعيد", decline: "تراجع", presence: "وجود",
};

const VALUES_EN = {
  machine: "machine", confirmed: "confirmed", edited: "edited", rejected: "rejected",
  large_increase: "large increase", moderate_increase: "moderate increase", limited_change: "limited change",
  decrease: "decrease", new_activity: "new activity", no_activity: "no activity",
  insufficient_history: "too little history", escalation: "escalation", decline: "decline", presence: "presence",
};

let current = "en";

export function setLang(lang) {
  current = lang === "ar" ? "ar" : "en";
  document.documentElement.lang = current;
  document.documentElement.dir = current === "ar" ? "rtl" : "ltr";
}

export function lang() {
  return current;
}

export function t(key, vars = {}) {
  let s = STRINGS[current][key] ?? STRINGS.en[key] ?? key;
  for (const [k, v] of Object.entries(vars)) s = s.replace(`{${k}}`, String(v));
  return s;
}

/** A codebook value (type, sub-type, status, level) for display. */
export function tv(value) {
  if (value == null) return "";
  if (current === "ar") return VALUES_AR[value] ?? value;
  return VALUES_EN[value] ?? value;
}

/** Fill every element with data-i18n="key" with its string (as text). */
export function applyStrings(root = document) {
  for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
}

export function number(n) {
  return new Intl.NumberFormat(current === "ar" ? "ar" : "en").format(n);
}
