// GrainPipeline silo dashboard: polls the JSON API once a second and draws SVG line charts.
// No libraries, no network beyond this silo. Everything from the API is inserted as text.
"use strict";

const COLORS = ["#2f6fde", "#d9822b", "#2e9d5b", "#c23b3b", "#8a55c9", "#1f9bb0", "#9a7b2f", "#555"];
const WINDOW_MS = 300 * 1000, MIN_WINDOW_MS = 30 * 1000;
const state = { tab: "overview", times: [], data: {}, capacity: 300, lastTime: null, reminderCursor: null, reminderNext: null, failures: 0 };

const $ = (id) => document.getElementById(id);
const el = (tag, attrs, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") node.className = v; else if (k === "onclick") node.addEventListener("click", v); else node.setAttribute(k, v);
  }
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(child == null ? "" : String(child)));
  return node;
};

function fmt(value, digits) {
  if (value == null || Number.isNaN(value)) return "–";
  if (digits === undefined) digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return Number(value).toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}
function bytes(value) {
  if (value == null) return "–";
  const units = ["B", "KiB", "MiB", "GiB"]; let i = 0; let v = value;
  while (Math.abs(v) >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return fmt(v, i === 0 ? 0 : 1) + " " + units[i];
}
function ms(value) { return value == null ? "–" : value >= 1000 ? fmt(value / 1000, 2) + " s" : fmt(value, value < 10 ? 2 : 1) + " ms"; }
function ago(iso) {
  if (!iso) return "–";
  const s = Math.max(0, (Date.now() - Date.parse(iso)) / 1000);
  return s < 60 ? fmt(s, 0) + " s ago" : s < 3600 ? fmt(s / 60, 0) + " min ago" : fmt(s / 3600, 1) + " h ago";
}
function card(label, value, sub) {
  return el("div", { class: "card" }, el("div", { class: "label" }, label), el("div", { class: "value" }, value), sub ? el("div", { class: "sub" }, sub) : "");
}
function fill(id, nodes) { const target = $(id); target.replaceChildren(...nodes); }
function rows(tableId, items, toCells) {
  const body = document.querySelector("#" + tableId + " tbody");
  body.replaceChildren(...items.map((item) => el("tr", {}, ...toCells(item))));
}
const td = (text, cls) => el("td", cls ? { class: cls } : {}, text);

async function api(path) {
  const response = await fetch(path, { credentials: "same-origin", cache: "no-store" });
  if (!response.ok) throw new Error(path + ": " + response.status);
  return response.json();
}

// ---- time series ----------------------------------------------------------------------------

function mergeSeries(payload) {
  state.capacity = payload.capacity || state.capacity;
  const names = Object.keys(payload.series);
  for (const name of names) if (!state.data[name]) state.data[name] = new Array(state.times.length).fill(null);
  for (let i = 0; i < payload.times.length; i++) {
    state.times.push(payload.times[i]);
    for (const name of Object.keys(state.data)) state.data[name].push(payload.series[name] ? payload.series[name][i] : null);
  }
  const excess = state.times.length - state.capacity;
  if (excess > 0) {
    state.times.splice(0, excess);
    for (const name of Object.keys(state.data)) state.data[name].splice(0, excess);
  }
  if (state.times.length) state.lastTime = state.times[state.times.length - 1];
}

function niceMax(value) {
  if (!(value > 0)) return 1;
  const power = Math.pow(10, Math.floor(Math.log10(value)));
  for (const step of [1, 2, 2.5, 5, 10]) if (value <= step * power) return step * power;
  return 10 * power;
}

// Draws one chart: lines (gaps where a value is missing) over the last five minutes at most.
function chart(id, title, lines, format) {
  const host = $(id);
  if (!host) return;
  format = format || ((v) => fmt(v));
  const width = Math.max(300, host.clientWidth - 20), height = 160, left = 46, right = 8, top = 8, bottom = 18;
  // The last five minutes, or less while there is less history (at least half a minute).
  const now = state.lastTime || Date.now();
  const span = Math.min(WINDOW_MS, Math.max(MIN_WINDOW_MS, state.times.length ? now - state.times[0] : 0));
  const start = now - span;
  let max = 0, points = 0;
  for (const line of lines) for (const v of state.data[line.name] || []) if (v != null && v > max) max = v;
  max = niceMax(max);
  const x = (t) => left + ((t - start) / span) * (width - left - right);
  const y = (v) => top + (1 - v / max) * (height - top - bottom);
  const svgNs = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(svgNs, "svg");
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.setAttribute("preserveAspectRatio", "none");
  svg.setAttribute("class", "chart-svg");
  const add = (tag, attrs, text) => {
    const node = document.createElementNS(svgNs, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    if (text != null) node.textContent = text;
    svg.append(node);
    return node;
  };
  for (const f of [0, 0.5, 1]) {
    add("line", { class: "axis", x1: left, x2: width - right, y1: y(max * f), y2: y(max * f) });
    add("text", { x: left - 4, y: y(max * f) + 3, "text-anchor": "end" }, format(max * f));
  }
  for (let i = 5; i >= 0; i--) {
    const back = (span * i) / 5;
    const label = i === 0 ? "now" : back >= 60000 && back % 60000 === 0 ? `-${back / 60000}m` : `-${Math.round(back / 1000)}s`;
    add("text", { x: x(now - back), y: height - 4, "text-anchor": i === 5 ? "start" : i === 0 ? "end" : "middle" }, label);
  }
  const legend = el("div", { class: "legend" });
  lines.forEach((line, index) => {
    const values = state.data[line.name] || [];
    const color = line.color || COLORS[index % COLORS.length];
    let segment = [];
    const flush = () => { if (segment.length) add("polyline", { points: segment.join(" "), stroke: color, "data-series": line.name }); segment = []; };
    let latest = null, drawn = 0;
    for (let i = 0; i < values.length; i++) {
      const t = state.times[i], v = values[i];
      if (v == null || t < start) { flush(); continue; }
      segment.push(`${x(t).toFixed(1)},${y(v).toFixed(1)}`);
      drawn++;
      latest = v;
    }
    points = Math.max(points, drawn);
    flush();
    const swatch = el("i"); swatch.style.background = color;
    legend.append(el("span", {}, swatch, `${line.label}: ${format(latest)}`));
  });
  host.setAttribute("data-points", String(points)); // samples on the fullest line (tests wait on it)
  host.replaceChildren(el("div", { class: "title" }, title), svg, legend);
}

function seriesWithPrefix(prefix) {
  return Object.keys(state.data).filter((n) => n.startsWith(prefix)).sort().map((n) => ({ name: n, label: n.slice(prefix.length) }));
}

// ---- tabs -----------------------------------------------------------------------------------

const renderers = {
  async overview() {
    const o = await api("api/overview");
    showIdentity(o.silo);
    fill("overview-cards", [
      card("Events/s", fmt(o.now.eventsPerSecond, 0), "completed in the last second"),
      card("Processed", fmt(o.totals.processed, 0), "through all five stages"),
      card("Dead-lettered", fmt(o.totals.deadLettered, 0), fmt(o.now.deadLetteredPerSecond, 1) + "/s now"),
      card("Error rate", fmt(o.now.errorRatePct, 2) + " %", "dead letters / completed"),
      card("End-to-end p50", ms(o.now.e2eP50Ms), "since start " + ms(o.latencySinceStart.p50Ms)),
      card("End-to-end p99", ms(o.now.e2eP99Ms), "since start " + ms(o.latencySinceStart.p99Ms)),
      card("Activations", fmt(o.totals.activations, 0), "live grains"),
      card("Uptime", fmt(o.uptimeSeconds / 60, 1) + " min", "topic " + o.silo.topic),
    ]);
    $("group-name").textContent = o.members.group + " (" + o.members.state + ")";
    const members = o.members.members.length ? o.members.members : [{ clientId: o.silo.memberName, host: "", partitions: [], isThisSilo: true }];
    rows("members", members, (m) => [td(m.clientId, "key"), td(m.host), td(m.partitions.join(", ") || "–"), el("td", {}, m.isThisSilo ? el("span", { class: "badge" }, "this silo") : "")]);
    $("members-note").textContent = o.members.error ? "Kafka did not describe the group: " + o.members.error + " (showing this silo only)"
      : o.members.readAt ? "as Kafka reported " + ago(o.members.readAt) : "";
    chart("chart-events", "Events per second", [{ name: "events_per_s", label: "completed" }, { name: "consumed_per_s", label: "consumed" }, { name: "dead_lettered_per_s", label: "dead-lettered", color: "#c23b3b" }]);
    chart("chart-latency", "End-to-end latency (gp-received-at → done)", [{ name: "e2e_p50_ms", label: "p50" }, { name: "e2e_p99_ms", label: "p99" }], ms);
    chart("chart-errors", "Error rate (%)", [{ name: "error_rate_pct", label: "dead letters / completed", color: "#c23b3b" }]);
    chart("chart-activations-overview", "Live activations", [{ name: "activations", label: "activations" }]);
  },
  async backpressure() {
    const b = await api("api/backpressure");
    const meter = (label, value, max, peak, format) => {
      const pct = max > 0 ? Math.min(100, (100 * value) / max) : 0;
      const fillNode = el("div", { class: "fill" + (pct > 90 ? " bad" : pct > 70 ? " warn" : "") }); fillNode.style.width = pct + "%";
      return el("div", { class: "meter" }, el("div", {}, label), el("div", { class: "bar" }, fillNode),
        el("div", { class: "label" }, `${format(value)} of ${format(max)} (${fmt(pct, 0)} %) · peak ${format(peak)}`));
    };
    fill("budget-meters", [
      meter("In-flight messages", b.inFlightMessages, b.maxInFlightMessages, b.peakInFlightMessages, (v) => fmt(v, 0)),
      meter("In-flight bytes", b.inFlightBytes, b.maxInFlightBytes, b.peakInFlightBytes, bytes),
    ]);
    fill("backpressure-cards", [
      card("Paused partitions", fmt(b.pausedPartitions, 0), b.pausedPartitions ? "over budget: Kafka holds the backlog" : "consuming"),
      card("Paused time", ms(b.pausedMs), "since start"),
      card("Total lag", fmt(b.partitions.reduce((s, p) => s + (p.lag || 0), 0), 0), "records behind, owned partitions"),
    ]);
    rows("partitions", b.partitions, (p) => [td(p.partition, "num"), td(fmt(p.lag, 0), "num"), td(p.committed == null ? "–" : fmt(p.committed, 0), "num")]);
    chart("chart-inflight", "In-flight messages", [{ name: "inflight_messages", label: "in flight" }]);
    chart("chart-inflight-bytes", "In-flight bytes", [{ name: "inflight_bytes", label: "in flight" }], bytes);
    chart("chart-lag", "Lag (records behind, owned partitions)", [{ name: "lag_total", label: "lag" }]);
    chart("chart-paused", "Paused partitions", [{ name: "paused_partitions", label: "paused", color: "#d9822b" }]);
  },
  async grains() {
    const g = await api("api/grains");
    fill("grain-cards", [
      card("Activations", fmt(g.activations, 0), `peak ${fmt(g.peakActivations, 0)} of ${fmt(g.maxActivations, 0)}`),
      ...Object.entries(g.byType).map(([type, count]) => card(type, fmt(count, 0), "live activations")),
      card("Activated", fmt(g.activated, 0), "since start"),
      card("Deactivated", fmt(g.deactivations, 0), "since start"),
    ]);
    const grainLink = (h) => el("a", { class: "grain", onclick: () => lookup(h.type, h.key) }, h.type + "/" + h.key);
    rows("top-calls", g.topByCalls, (h) => [el("td", { class: "key" }, grainLink(h)), td(fmt(h.calls, 0), "num"), td(ms(h.meanTurnMs), "num")]);
    rows("top-time", g.topByTurnTime, (h) => [el("td", { class: "key" }, grainLink(h)), td(ms(h.turnMs), "num"), td(fmt(h.calls, 0), "num")]);
    chart("chart-activations-type", "Activations by type", seriesWithPrefix("activations:"));
    chart("chart-activation-rate", "Activations and deactivations per second", [{ name: "activations_per_s", label: "activated" }, { name: "deactivations_per_s", label: "deactivated" }]);
  },
  async stages() {
    const s = await api("api/stages");
    rows("stages", s.stages, (x) => [td(x.name), td(fmt(x.calls, 0), "num"), td(fmt(x.callsPerSecond, 0), "num"), td(ms(x.p99LastIntervalMs), "num"),
      td(ms(x.sinceStart.p50Ms) + " / " + ms(x.sinceStart.p99Ms), "num"), td(fmt(x.errors, 0), "num")]);
    rows("stores", s.stores, (x) => [td(x.name), td(fmt(x.calls, 0), "num"), td(fmt(x.timeouts, 0), "num"), td(fmt(x.errors, 0), "num")]);
    chart("chart-stage-calls", "Stage calls per second", seriesWithPrefix("stage_calls:"));
    chart("chart-stage-p99", "Stage p99 duration (each second)", seriesWithPrefix("stage_p99:"), ms);
  },
  async reminders() { if (!state.remindersLoaded) await loadReminders(null); },
  async flusher() {
    const f = await api("api/flusher");
    fill("flusher-cards", [
      card("Last flush with cells", f.lastFlush ? ago(f.lastFlush.at) : "none yet", f.lastFlush ? `partition ${f.lastFlush.partition}: ${fmt(f.lastFlush.cells, 0)} cells in ${ms(f.lastFlush.durationMs)}` : ""),
      card("Last run", f.lastRunAt ? ago(f.lastRunAt) : "none yet", "any partition, empty or not"),
      card("Cells flushed", fmt(f.cellsFlushed, 0), `${fmt(f.flushes, 0)} flushes, ${fmt(f.batches, 0)} batches` + (f.flushesCutShort ? `, ${fmt(f.flushesCutShort, 0)} cut short by their time bound` : "")),
      card("Batch p50 / p99", ms(f.batchDuration.p50Ms) + " / " + ms(f.batchDuration.p99Ms), `batches of up to ${f.batchSize} cells`),
      card("Period", fmt(f.periodSeconds, 0) + " s", "reminder per partition"),
    ]);
    rows("flush-partitions", f.lastByPartition, (x) => [td(x.partition, "num"), td(ago(x.at)), td(fmt(x.cells, 0), "num"), td(fmt(x.batches, 0), "num"), td(ms(x.durationMs), "num")]);
    rows("flush-recent", f.recent.slice(0, 20), (x) => [td(x.partition, "num"), td(ago(x.at)), td(fmt(x.cells, 0), "num"), td(ms(x.durationMs), "num")]);
    chart("chart-flushed", "Cells flushed per second", [{ name: "cells_flushed_per_s", label: "cells" }]);
  },
  async memory() {
    const m = await api("api/memory");
    const meters = [];
    if (m.containerLimitBytes) {
      for (const [label, value] of [["RSS against the container limit", m.rssBytes], ["Budget against the container limit", m.budgetBytes]]) {
        const pct = (100 * value) / m.containerLimitBytes;
        const fillNode = el("div", { class: "fill" + (pct > 90 ? " bad" : pct > 75 ? " warn" : "") }); fillNode.style.width = Math.min(100, pct) + "%";
        meters.push(el("div", { class: "meter" }, el("div", {}, label), el("div", { class: "bar" }, fillNode), el("div", { class: "label" }, `${bytes(value)} of ${bytes(m.containerLimitBytes)} (${fmt(pct, 1)} %)`)));
      }
    } else meters.push(el("div", { class: "meter" }, el("div", {}, "No container memory limit"), el("div", { class: "label" }, "budget " + bytes(m.budgetBytes) + " (not checked)")));
    fill("memory-meters", meters);
    fill("memory-cards", [
      card("RSS", bytes(m.rssBytes), "resident set"),
      card("GC heap", bytes(m.gcHeapBytes), "committed " + bytes(m.gcCommittedBytes)),
      card("Gen 0 / 1 / 2", `${fmt(m.gen0Collections, 0)} / ${fmt(m.gen1Collections, 0)} / ${fmt(m.gen2Collections, 0)}`, "collections since start"),
      card("GC pause", fmt(m.pauseTimePercent, 2) + " %", "of time"),
    ]);
    rows("budget", m.terms, (t) => [td(t.setting), td(bytes(t.bytes), "num")]);
    $("dashboard-cost").textContent = `Dashboard sampler: ${fmt(m.dashboard.samples, 0)} samples, ${fmt(m.dashboard.meanSampleMicros, 0)} µs each on average (last ${fmt(m.dashboard.lastSampleMicros, 0)} µs, first ${fmt(m.dashboard.firstSampleMicros, 0)} µs with the JIT); rings hold ${bytes(m.dashboard.ringBytes)}.`;
    chart("chart-memory", "Memory", [{ name: "rss_mib", label: "RSS MiB" }, { name: "gc_heap_mib", label: "GC heap MiB" }]);
    chart("chart-gc", "Collections per second", [{ name: "gen0_per_s", label: "gen 0" }, { name: "gen1_per_s", label: "gen 1" }, { name: "gen2_per_s", label: "gen 2" }]);
  },
  async deadletters() {
    const d = await api("api/deadletters");
    fill("dead-cards", [card("Dead-lettered", fmt(d.total, 0), "since start"), card("Reasons", fmt(Object.keys(d.byReason).length, 0), "distinct")]);
    rows("dead-reasons", Object.entries(d.byReason).sort((a, b) => b[1] - a[1]), ([reason, count]) => [td(reason), td(fmt(count, 0), "num")]);
    rows("dead-recent", d.recent, (x) => [td(ago(x.at)), td(x.key, "key"), td(x.reason), td(x.origin, "key"), td(x.detail)]);
    chart("chart-dead", "Dead letters per second", [{ name: "dead_lettered_per_s", label: "dead-lettered", color: "#c23b3b" }]);
  },
};

function showIdentity(silo) {
  state.identity = silo;
  $("silo-name").textContent = silo.memberName;
  const brokers = silo.bootstrap.split(",");
  $("silo-bootstrap").textContent = "kafka " + brokers[0] + (brokers.length > 1 ? ` +${brokers.length - 1}` : "");
  document.title = "GrainPipeline · " + silo.memberName;
}

function until(iso) {
  const s = (Date.parse(iso) - Date.now()) / 1000;
  return s <= 0.5 ? "due" : s < 60 ? "in " + fmt(s, 0) + " s" : s < 3600 ? "in " + fmt(s / 60, 0) + " min" : new Date(iso).toLocaleString();
}

async function loadReminders(after) {
  const filter = $("reminder-filter").value.trim();
  const size = $("reminder-size").value;
  const query = new URLSearchParams({ size });
  if (after) query.set("after", after);
  if (filter) query.set("filter", filter);
  const page = await api("api/reminders?" + query);
  state.remindersLoaded = true;
  state.reminderNext = page.next;
  rows("reminders", page.rows, (r) => [td(r.grainType + "/" + r.grainKey, "key"), td(r.name), td(r.period), td(until(r.nextTick)), td(r.ownedHere ? "yes" : "no")]);
  $("reminder-note").textContent = `${page.rows.length} rows (scanned ${page.scanned})` + (page.next ? "; more on the next page" : "; end of table");
}

async function lookup(type, key) {
  location.hash = "grains";
  $("lookup-type").value = type; $("lookup-key").value = key;
  const result = $("lookup-result");
  result.textContent = "…";
  try {
    const view = await api("api/grains/state?" + new URLSearchParams({ type, key }));
    const states = {};
    for (const s of view.states) { try { states[s.name] = JSON.parse(s.json); } catch { states[s.name] = s.json; } }
    result.textContent = JSON.stringify({ grain: view.type + "/" + view.key, source: view.source, states }, null, 2);
  } catch (e) { result.textContent = String(e); }
}

function showTab() {
  const tab = (location.hash || "#overview").slice(1);
  state.tab = renderers[tab] ? tab : "overview";
  for (const section of document.querySelectorAll(".tab")) section.classList.toggle("active", section.id === "tab-" + state.tab);
  for (const link of document.querySelectorAll("nav a[data-tab]")) link.classList.toggle("active", link.dataset.tab === state.tab);
}

async function tick() {
  const status = $("status");
  try {
    const since = state.lastTime == null ? "" : "?since=" + state.lastTime;
    mergeSeries(await api("api/series" + since));
    if (!state.identity && state.tab !== "overview") showIdentity((await api("api/overview")).silo);
    await renderers[state.tab]();
    state.failures = 0;
    status.className = "status";
    status.textContent = "live · updated " + new Date().toLocaleTimeString();
  } catch (e) {
    state.failures++;
    status.className = "status bad";
    status.textContent = "not updating: " + e.message;
  }
}

window.addEventListener("hashchange", () => { showTab(); tick(); });
$("lookup").addEventListener("submit", (e) => { e.preventDefault(); lookup($("lookup-type").value.trim(), $("lookup-key").value.trim()); });
$("reminder-form").addEventListener("submit", (e) => { e.preventDefault(); loadReminders(null); });
$("reminder-first").addEventListener("click", () => loadReminders(null));
$("reminder-next").addEventListener("click", () => { if (state.reminderNext) loadReminders(state.reminderNext); });
showTab();
tick();
setInterval(tick, 1000);
