// regkg web page: hash-routed views over the JSON API. Plain JS, no network beyond this server.
"use strict";

const LABELS = {
  kind: {
    law: "法律", administrative_regulation: "行政法规", departmental_rule: "部门规章",
    local_regulation: "地方性法规", judicial_interpretation: "司法解释", notice: "通知",
    plan: "方案", scoring_standard: "评分标准", report: "报告", other: "其他",
  },
  level: {
    national: "国家", provincial: "省级", prefectural: "地市级", county: "县级",
    institution: "医疗机构", unknown: "未知",
  },
  status: {
    in_force: "现行有效", draft: "征求意见稿", superseded: "已被新版本取代", repealed: "已废止", unknown: "状态未知",
    not_yet_in_force: "尚未施行",
  },
  modality: { must: "应当", must_not: "不得", may: "可以" },
  node: { Regulation: "法规", Document: "文件", Clause: "条款", InspectionItem: "检查项", Obligation: "义务", Body: "主体" },
};
const COLORS = { Regulation: "#0b6e4f", Document: "#1d5fa8", Clause: "#7b61c4", InspectionItem: "#c2571a", Obligation: "#a83262", Body: "#58738a" };
const PAGE = 10;
const view = document.getElementById("view");

// ---- helpers -----------------------------------------------------------------------
// A duty read from a task table's row is the row (| 1 | 任务 | 牵头单位 | 时限 |): its cells, not its pipes.
function rowText(text) {
  const t = String(text || "").trim();
  return t.startsWith("|") ? t.split("|").map((c) => c.trim()).filter(Boolean).join(" ｜ ") : t;
}

function esc(s) {
  return String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}
const enc = encodeURIComponent;
const label = (group, v) => (v ? LABELS[group][v] || v : "");

async function api(path) {
  const res = await fetch(path, { headers: { Accept: "application/json" } });
  const body = await res.json().catch(() => null);
  if (!res.ok) throw I18N.fromResponse(res, body); // code + suggestions, shown in Chinese (i18n.js)
  return body;
}

function highlight(text, spans) {
  // Spans are [start, end) into text; overlapping ones are merged so marks never nest.
  const sorted = (spans || []).filter((s) => s[1] > s[0]).sort((a, b) => a[0] - b[0]);
  let out = "", at = 0;
  for (const [s, e] of sorted) {
    if (e <= at) continue;
    const start = Math.max(s, at);
    out += esc(text.slice(at, start)) + "<mark>" + esc(text.slice(start, e)) + "</mark>";
    at = e;
  }
  return out + esc(text.slice(at));
}

// A report states what was done: it is in force or superseded in no sense, so it shows no status.
function statusBadge(status, kind) {
  if (!status || kind === "report") return "";
  const cls = status === "in_force" ? "" : status === "unknown" ? "grey" : "warn";
  return `<span class="badge ${cls}">${esc(label("status", status))}</span>`;
}

const clauseLink = (id, text) => `<a href="#/clause/${enc(id)}">${esc(text)}</a>`;
const regLink = (key, text) => `<a href="#/regulation/${enc(key)}">${esc(text || key)}</a>`;
// A citation as written (《医疗机构管理条例》第二十条) links to the regulation it names.
function citeLink(raw) {
  const m = /《([^》]+)》/.exec(raw);
  return m ? regLink(m[1], raw) : esc(raw);
}
const docLink = (id, text) => `<a href="#/document/${enc(id)}">${esc(text || id)}</a>`;
// What an inspection item cites: the cited article when it resolved, else the work's page.
const citeTarget = (r) => r.target_clause_id
  ? clauseLink(r.target_clause_id, "《" + (r.target_title || "") + "》" + (r.article || ""))
  : r.target_title ? regLink(r.target_title, "《" + r.target_title + "》" + (r.article || "")) : esc(r.raw || "");
const itemCites = (cites) => (cites || []).length
  ? `<div class="small item-cites">依据：${cites.map((r) => `<span class="cite">${citeTarget(r)}${r.held === false ? '<span class="badge grey">未收录</span>' : ""}</span>`).join("、")}</div>` : "";
const KINDS = { item: "检查项", clause: "法规条款", plan: "方案", report: "报告", notice: "通知", standard: "评分标准", other: "其他" };

function setNav(name) {
  document.querySelectorAll("[data-nav]").forEach((a) => a.classList.toggle("active", a.dataset.nav === name));
}

function fail(err) {
  view.innerHTML = I18N.errorHtml(err);
}

// ---- search ------------------------------------------------------------------------
let bodyOptions = null;

async function loadBodyOptions() {
  if (bodyOptions) return bodyOptions;
  const roots = PAGING.listOf(await api("/api/bodies?limit=1000").catch(() => []));
  // The bodies the rules name (医疗机构, 县级卫生健康行政部门 …) and the parties read from the text
  // that bind many duties: a list of ~1,300 subjects (本条例施行前设立的实验室 …) is no filter.
  // Every body stays a click away on the 责任主体 page.
  const named = (n) => /[\u4e00-\u9fff]/.test(n.key);
  const flat = [];
  const walk = (n, depth) => {
    const shown = !named(n) || (n.obligation_count || 0) >= 10;
    if (shown) flat.push([n.key, "　".repeat(depth) + n.name]);
    (n.children || []).forEach((c) => walk(c, shown ? depth + 1 : depth));
  };
  roots.forEach((r) => walk(r, 0));
  bodyOptions = flat;
  return flat;
}

function options(group, selected) {
  return `<option value="">不限</option>` + Object.entries(LABELS[group])
    .map(([k, v]) => `<option value="${k}"${k === selected ? " selected" : ""}>${v}</option>`).join("");
}

async function showSearch(params) {
  setNav("search");
  const q = params.get("q") || "";
  const offset = parseInt(params.get("offset") || "0", 10) || 0;
  const bodies = await loadBodyOptions();
  const body = params.get("body") || "";
  view.innerHTML = `
    <h1>法规条款检索</h1>
    <form class="search" id="search-form">
      <div class="row">
        <input type="search" name="q" id="q" placeholder="输入问题或关键词，如：医疗机构执业许可证应当悬挂在哪里" value="${esc(q)}" autofocus>
        <button type="submit">检索</button>
      </div>
      <div class="row small">
        文件类型 <select name="kind">${options("kind", params.get("kind"))}</select>
        层级 <select name="level">${options("level", params.get("level"))}</select>
        地区 <input type="text" name="jurisdiction" size="10" placeholder="如 新疆" value="${esc(params.get("jurisdiction") || "")}">
        责任主体 <select name="body"><option value="">不限</option>${bodies.map(([k, n]) => `<option value="${esc(k)}"${k === body ? " selected" : ""}>${esc(n)}</option>`).join("")}</select>
        <label class="check"><input type="checkbox" name="current_only" value="1"${params.get("current_only") ? " checked" : ""}>仅现行有效</label>
        <label class="check" title="默认只显示现行文本，旧版本折叠在其下"><input type="checkbox" name="all_versions" value="1"${params.get("all_versions") ? " checked" : ""}>显示全部版本</label>
        时点 <input type="date" name="as_of" title="检索该日有效的文本" value="${esc(params.get("as_of") || "")}">
      </div>
    </form>
    <div id="results"></div>`;
  document.getElementById("search-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const fd = new FormData(ev.target);
    const next = new URLSearchParams();
    for (const [k, v] of fd.entries()) if (String(v).trim()) next.set(k, String(v).trim());
    location.hash = "#/search?" + next.toString();
  });
  if (!q.trim()) {
    document.getElementById("results").innerHTML = `<p class="muted">可按条款内容、法规名称或义务描述检索；结果中高亮显示匹配片段，点击“查看上下文”可阅读前后条款。</p>`;
    return;
  }
  const apiParams = new URLSearchParams(params);
  apiParams.set("top_k", String(PAGE));
  apiParams.set("offset", String(offset));
  const box = document.getElementById("results");
  box.innerHTML = I18N.loadingHtml("检索中…");
  let data;
  try { data = await api("/api/search?" + apiParams.toString()); } catch (err) { box.innerHTML = I18N.errorHtml(err); return; }
  if (data.answered === false) {
    // Nothing answers the question: say so, and offer the closest clauses marked as such.
    const closest = data.closest || [];
    box.innerHTML = `<div class="card nothing" id="nothing-found"><h3>未找到相关条款</h3>
      <p class="small muted">库中没有条款回答这个问题（相关度均低于阈值）。${closest.length ? "以下为最接近的条款，仅供参考，并非答案。" : ""}</p></div>`
      + closest.map((h, i) => hitCard(h, offset + i + 1, true)).join("");
    return;
  }
  if (!data.hits.length) { box.innerHTML = `<p class="muted">没有找到匹配的条款。</p>`; return; }
  box.innerHTML = data.hits.map((h, i) => hitCard(h, offset + i + 1)).join("") + pager(params, offset, data.hits.length);
}

// Other versions of the article and the same text elsewhere, folded under the current text.
function foldedVersions(h) {
  const rows = h.versions || [];
  if (!rows.length) return "";
  return `<details class="versions small"><summary>${rows.length} 个其他版本或相同条文</summary><ul>${rows
    .map((v) => `<li>${clauseLink(v.clause_id, v.note)}${v.relation === "duplicate" ? ` <span class="muted">${esc(v.document_title)}</span>` : ""}</li>`)
    .join("")}</ul></details>`;
}

// 相关度 0–100 (search/relevance.py): 高 ≥ 75, 中 ≥ the answer threshold, 低 below it.
function relevanceText(h) {
  if (h.relevance === null || h.relevance === undefined) return `得分 ${Number(h.score).toFixed(3)}`;
  return `相关度 ${h.relevance}（${esc(h.relevance_label || "")}）`;
}

function hitCard(h, rank, closest) {
  const scores = Object.entries(h.scores || {}).map(([k, v]) => `${esc(k)} ${Number(v).toFixed(3)}`).join(" · ");
  const cites = (h.cites || []).map(citeLink).join(" ");
  const citedBy = (h.cited_by || []).length ? `<span>被 ${h.cited_by.length} 处引用</span>` : "";
  return `<div class="card hit${closest ? " closest" : ""}" data-clause="${esc(h.clause_id)}">
    <h3>${closest ? `<span class="badge grey">最接近</span> ` : ""}${rank}. ${h.document_id ? docLink(h.document_id, (h.simplified || {}).document_title || h.document_title) : esc(h.document_title)} · ${esc(h.locator || "")} ${statusBadge(h.status, h.document_kind)}</h3>
    ${(h.path || []).length ? `<div class="small muted">${h.path.map(esc).join(" › ")}</div>` : ""}
    ${h.document_facts && window.REGKG_CHANGES ? REGKG_CHANGES.facts(h.document_facts, false) : ""}
    <div class="clause-text">${I18N.zh(h, "text", (t) => highlight(t, h.highlights))}</div>
    <div class="meta">
      <span>${clauseLink(h.clause_id, "查看上下文 →")}</span>
      ${cites ? `<span>引用：${cites}</span>` : ""}${citedBy}
      ${h.superseded_by ? `<span class="badge warn">现行版本为 ${esc(h.superseded_by)} 版</span>` : ""}
      ${h.reason ? `<span>${esc(reasonText(h.reason))}</span>` : ""}
      <span class="relevance" title="融合得分 ${Number(h.score).toFixed(3)}${scores ? "（" + esc(scores) + "）" : ""}">${relevanceText(h)}</span>
    </div>
    ${h.explanation ? `<div class="why small muted">${esc(h.explanation)}</div>` : ""}${foldedVersions(h)}${penaltyLine(h.penalty)}</div>`;
}

// 违反后果: the sanctions of the penalty clause (罚则) behind a duty, from the graph's PENALISED_BY.
function penaltyLine(summary) {
  return summary ? `<div class="penalty small"><span class="badge warn">违反后果</span> ${esc(summary)}</div>` : "";
}

function penaltyList(penalties) {
  if (!(penalties || []).length) return "";
  return `<h2>违反后果（罚则）</h2><ul class="penalties">${penalties.map((p) => `<li>${clauseLink(p.clause_id, p.locator || "罚则")}
    ${p.duty_locator ? `<span class="small muted">（${esc(p.duty_locator)}）</span>` : ""}<div>${esc(p.summary || "")}</div></li>`).join("")}</ul>`;
}

function reasonText(reason) {
  // The searcher explains graph-expanded hits in English; staff read Chinese.
  const m = /^cited by (.+)$/.exec(reason);
  if (m) return "经引用扩展：" + m[1];
  const names = { lexical: "关键词", dense: "语义" };
  const older = /^matched its (\S+) version \((.+)\)$/.exec(reason);
  if (older) return `由 ${older[1]} 版${older[2]}匹配，显示现行文本`;
  const how = /^matched(?: \((.+)\))?$/.exec(reason);
  if (how) return "匹配方式：" + (how[1] ? how[1].split(" + ").map((n) => names[n] || n).join("+") : "内容");
  return reason;
}

function pager(params, offset, count) {
  const go = (o) => { const p = new URLSearchParams(params); p.set("offset", String(o)); return "#/search?" + p.toString(); };
  const prev = offset > 0 ? `<a href="${go(Math.max(0, offset - PAGE))}">← 上一页</a>` : "";
  const next = count === PAGE ? `<a href="${go(offset + PAGE)}">下一页 →</a>` : "";
  return `<div class="pager">${prev}<span class="muted">第 ${offset + 1}–${offset + count} 条</span>${next}</div>`;
}

// ---- clause in context ---------------------------------------------------------------
async function showClause(id) {
  setNav("search");
  const c = await api(`/api/clauses/${enc(id)}`);
  const card = (x, cls) => `<div class="card ${cls}"><h3>${clauseLink(x.id, x.locator)}${x.heading ? " " + esc(x.heading) : ""}</h3><div class="clause-text">${I18N.zh(x, "text")}</div></div>`;
  const cl = c.clause;
  const cites = c.cites.map((r) => `<li>${esc(r.raw)} → ${r.target_clause_id ? clauseLink(r.target_clause_id, (r.target_title || "") + (r.article || "")) : r.target_title ? regLink(r.target_title, "《" + r.target_title + "》" + (r.article || "")) : "（未能解析）"}
     ${r.held === false ? '<span class="badge grey">未收录</span>' : ""}</li>`).join("");
  const citedBy = c.cited_by.map((r) => `<li>${clauseLink(r.clause_id, (r.document_title || "") + " " + (r.locator || ""))}<div class="small muted">${esc((r.text || "").slice(0, 90))}</div></li>`).join("");
  view.innerHTML = `
    <div class="small muted">${docLink(cl.document_id, cl.document_title)}${c.parent ? " › " + clauseLink(c.parent.id, c.parent.locator) : ""} › ${esc(cl.locator)}</div>
    <h1>${esc(cl.document_title || "")} ${esc(cl.locator)}</h1>
    ${window.REGKG_CHANGES ? REGKG_CHANGES.clauseBanner(c.validity) : ""}
    <div class="cols"><div>
      ${c.previous.map((x) => card(x, "dim")).join("")}
      <div class="card focus" id="focus"><h3>${esc(cl.locator)}${cl.heading ? " " + esc(cl.heading) : ""}</h3><div class="clause-text">${I18N.zh(cl, "text")}</div></div>
      ${c.following.map((x) => card(x, "dim")).join("")}
    </div><div>
      ${penaltyList(c.penalties)}
      <h2>本条引用</h2>${cites ? `<ul class="cites">${cites}</ul>` : '<p class="muted">无</p>'}
      <h2>引用本条的条款</h2>${citedBy ? `<ul>${citedBy}</ul>` : '<p class="muted">无</p>'}
      ${c.children.length ? `<h2>下级条款</h2><ul>${c.children.map((x) => `<li>${clauseLink(x.id, x.locator)}</li>`).join("")}</ul>` : ""}
    </div></div>`;
}

// ---- regulations ---------------------------------------------------------------------
async function showRegulations() {
  setNav("regulation");
  const regs = PAGING.listOf(await api("/api/regulations?limit=1000"));
  const max = Math.max(1, ...regs.map((r) => r.cited_by_count));
  view.innerHTML = `<h1>法规（${regs.length}）</h1>
    <p><input type="search" id="filter" placeholder="按名称筛选"></p>
    <table class="list" id="regs"><thead><tr><th>法规</th><th>类型</th><th>被引用次数</th></tr></thead><tbody>
    ${regs.map((r) => `<tr data-title="${esc(r.title)}"><td>${regLink(r.key, r.title)} ${r.held ? "" : '<span class="badge grey">未收录全文</span>'}</td>
      <td class="small">${esc(label("kind", r.kind))}</td>
      <td><span class="bar" style="width:${Math.round((90 * r.cited_by_count) / max)}px"></span>${r.cited_by_count}</td></tr>`).join("")}
    </tbody></table>`;
  document.getElementById("filter").addEventListener("input", (ev) => {
    const needle = ev.target.value.trim();
    document.querySelectorAll("#regs tbody tr").forEach((tr) => { tr.style.display = tr.dataset.title.includes(needle) ? "" : "none"; });
  });
}

async function showRegulation(key, params) {
  setNav("regulation");
  const depth = params.get("depth") || "1";
  const article = params.get("article") || "";
  const kind = params.get("kind") || "";
  const q = new URLSearchParams({ depth });
  if (article) q.set("article", article);
  if (kind) q.set("kind", kind);
  if (params.get("offset")) q.set("offset", params.get("offset"));
  const [trace, versions] = await Promise.all([
    api(`/api/regulations/${enc(key)}/cited-by?${q}`),
    api(`/api/regulations/${enc(key)}/versions`).catch(() => []),
  ]);
  const r = trace.regulation;
  const place = (c) => c.item
    ? `${docLink(c.document_id, c.document_title)} ${c.clause_id ? clauseLink(c.clause_id, (c.item.table ? c.item.table + " " : "") + (c.item.code || "")) : esc(c.item.code || "")}
       ${c.item.points_raw || c.item.points != null ? `<span class="badge grey">${esc(c.item.points_raw || c.item.points + "分")}</span>` : ""}
       ${c.item.requirement ? `<div class="small muted">标准：${esc(c.item.requirement)}</div>` : ""}<div class="small">${esc((c.item.content || "").slice(0, 120))}</div>`
    : c.clause_id ? clauseLink(c.clause_id, (c.document_title || "") + " " + (c.locator || "")) : docLink(c.document_id, c.document_title);
  const kindCounts = Object.entries(r.cited_by_kinds || {}).map(([k, n]) => `${esc(KINDS[k] || k)} ${n}`).join(" · ");
  const repealed = (r.repealed_by || []).map((x) => `<div class="card warn">${x.kind === "replaces" ? "已被替代：" : "已废止："}${docLink(x.document_id, x.document_title)} ${x.clause_id ? clauseLink(x.clause_id, x.locator || "条款") : ""}
    ${x.raw ? `<div class="small muted">${esc(x.raw)}</div>` : ""}</div>`).join("");
  view.innerHTML = `
    <h1>《${esc(r.title)}》 ${r.held ? "" : '<span class="badge grey">未收录全文</span>'} ${r.repealed_by && r.repealed_by.length ? statusBadge(r.status) : ""}</h1>
    ${repealed ? `<div id="repealed-by">${repealed}</div>` : ""}
    <div class="meta"><span>${esc(label("kind", r.kind))}</span><span>被引用 ${r.cited_by_count} 次${kindCounts ? "（" + kindCounts + "）" : ""}</span>
      ${r.current_document_id ? `<span>${docLink(r.current_document_id, "阅读现行文本 →")}</span>` : ""}</div>
    <h2>版本</h2>
    ${versions.length ? `<table class="list"><thead><tr><th>版本日期</th><th>文本</th><th>状态</th></tr></thead><tbody>
      ${versions.map((v) => `<tr><td>${esc(v.version_date || "—")}</td><td>${docLink(v.document_id, v.title)} ${v.is_current ? '<span class="badge">现行版本</span>' : ""}</td><td>${statusBadge(v.status)}</td></tr>`).join("")}
      </tbody></table>` : '<p class="muted">未收录本法规的文本。</p>'}
    <h2>引用追溯</h2>
    <form class="row small" id="trace-form">条款 <input type="text" name="article" size="10" placeholder="如 第二十条" value="${esc(article)}">
      深度 <select name="depth">${[1, 2, 3].map((d) => `<option${String(d) === depth ? " selected" : ""}>${d}</option>`).join("")}</select>
      类型 <select name="kind"><option value="">全部</option>${Object.entries(KINDS).map(([k, v]) => `<option value="${k}"${k === kind ? " selected" : ""}>${v}</option>`).join("")}</select>
      <button type="submit" class="ghost">追溯</button></form>
    <div id="graph"></div>
    ${TRACE.table(trace.citing || trace.items || [], place)}
    ${trace.total != null ? PAGING.pager(`#/regulation/${enc(key)}`, params, trace, "处") : ""}`;
  TRACE.mount(document.getElementById("graph"), r.key, params);
  document.getElementById("trace-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const fd = new FormData(ev.target);
    const p = new URLSearchParams({ depth: String(fd.get("depth")) });
    if (String(fd.get("article")).trim()) p.set("article", String(fd.get("article")).trim());
    if (fd.get("kind")) p.set("kind", String(fd.get("kind")));
    location.hash = `#/regulation/${enc(key)}?${p}`;
  });
}

// ---- bodies --------------------------------------------------------------------------
async function showBodies() {
  setNav("body");
  const roots = PAGING.listOf(await api("/api/bodies?limit=1000"));
  const li = (n) => `<li><a href="#/body/${enc(n.key)}">${esc(n.name)}</a> <span class="small muted">${esc(label("level", n.level))}${n.obligation_count ? " · " + n.obligation_count + " 项义务" : ""}</span>
    ${n.children && n.children.length ? `<ul>${n.children.map(li).join("")}</ul>` : ""}</li>`;
  view.innerHTML = `<h1>责任主体</h1><div class="tree"><ul>${roots.map(li).join("")}</ul></div>`;
}

async function showBody(key, params) {
  setNav("body");
  const exact = params.get("exact") === "1";
  const q = PAGING.query(params, ["modality", "level"], 100);
  q.set("include_sub_bodies", String(!exact));
  const data = await api(`/api/bodies/${enc(key)}/obligations?${q}`);
  data.obligations = PAGING.listOf(data);
  const groups = new Map();
  data.obligations.forEach((o) => { const k = o.document_title || o.document_id || "—"; if (!groups.has(k)) groups.set(k, []); groups.get(k).push(o); });
  const chip = (t, v) => (v ? `<span class="badge grey">${t}：${esc(v)}</span>` : "");
  view.innerHTML = `
    <h1>${esc(data.body.name)}</h1>
    <div class="meta"><span>${esc(label("level", data.body.level))}</span><span>共 ${data.total ?? data.obligations.length} 项义务</span>
      <a href="#/body/${enc(key)}?exact=${exact ? "0" : "1"}">${exact ? "包含下级主体" : "仅本主体"}</a></div>
    ${data.scope ? `<p class="small muted" id="scope">${esc(data.scope)}</p>` : ""}
    <form class="row small" id="obligation-filter">义务类型 <select name="modality">${options("modality", params.get("modality"))}</select>
      文件层级 <select name="level">${options("level", params.get("level"))}</select><button type="submit" class="ghost">筛选</button></form>
    ${PAGING.pager(`#/body/${enc(key)}`, params, data, "项")}
    ${data.body.children.length ? `<p class="small">下级主体：${data.body.children.map((c) => `<a href="#/body/${enc(c.key)}">${esc(c.name)}</a>`).join("、")}</p>` : ""}
    ${[...groups].map(([title, list]) => `<h2>${esc(title)}</h2>${list.map((o) => `<div class="card">
      <span class="badge ${o.modality === "must_not" ? "warn" : ""}">${esc(label("modality", o.modality))}</span>
      ${o.clause_id ? clauseLink(o.clause_id, o.locator || "条款") : ""}
      <div class="clause-text">${esc(rowText(o.text))}</div>
      <div class="meta">${chip("期限", o.deadline)}${chip("频次", o.frequency)}${chip("指标", o.threshold)}</div>${penaltyLine(o.penalty)}</div>`).join("")}`).join("")}
    ${data.obligations.length ? PAGING.pager(`#/body/${enc(key)}`, params, data, "项") : '<p class="muted">未找到该主体的义务条款。</p>'}`;
  document.getElementById("obligation-filter").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const p = new URLSearchParams();
    if (exact) p.set("exact", "1");
    for (const [k, v] of new FormData(ev.target).entries()) if (v) p.set(k, String(v));
    location.hash = `#/body/${enc(key)}?${p}`;
  });
}

// ---- documents -----------------------------------------------------------------------
async function showDocuments() {
  setNav("document");
  const docs = PAGING.listOf(await api("/api/documents?limit=1000"));
  view.innerHTML = `<h1>文件（${docs.length}）</h1>
    <table class="list"><thead><tr><th>标题</th><th>类型</th><th>版本日期</th><th>状态</th></tr></thead><tbody>
    ${docs.map((d) => `<tr><td>${docLink(d.id, d.title)}${d.number ? `<div class="small muted">${esc(d.number)}</div>` : ""}</td>
      <td class="small">${esc(label("kind", d.kind))}</td><td class="small">${esc(d.version_date || d.issued || "")}</td><td>${statusBadge(d.status, d.kind)}</td></tr>`).join("")}
    </tbody></table>`;
}

async function showDocument(id) {
  setNav("document");
  const [doc, items] = await Promise.all([api(`/api/documents/${enc(id)}`), api(`/api/documents/${enc(id)}/items?limit=1000`).then(PAGING.listOf)]);
  const outline = (n) => `<li>${clauseLink(n.id, n.locator)}${n.heading ? " " + esc(n.heading) : ""}${n.children.length ? `<ul>${n.children.map(outline).join("")}</ul>` : ""}</li>`;
  const store = `regkg.check.${id}`;
  const done = new Set(JSON.parse(localStorage.getItem(store) || "[]"));
  view.innerHTML = `
    <h1>${I18N.zh(doc, "title")} ${statusBadge(doc.status, doc.kind)}</h1>
    <div class="meta">${doc.number ? `<span>${esc(doc.number)}</span>` : ""}<span>${esc(label("kind", doc.kind))}</span>
      ${doc.jurisdiction ? `<span>${esc(doc.jurisdiction)}</span>` : ""}${doc.version_date ? `<span>版本 ${esc(doc.version_date)}</span>` : ""}
      ${doc.work_key ? `<span>${regLink(doc.work_key, "法规页面 →")}</span>` : ""}
      ${doc.work_key && (doc.versions || []).length >= 2 ? ` <span><a href="#/diff?title=${enc(doc.work_key)}">新旧对照</a>（本库收有 ${doc.versions.length} 个版本）</span>` : ""}</div>
    ${window.REGKG_CHANGES ? REGKG_CHANGES.facts(doc) + '<div id="stale-citations"></div>' : ""}
    ${items.length ? `<h2>检查清单（${items.length} 项）</h2>
      <div class="small muted" id="check-count"></div><div class="progress"><div id="check-bar"></div></div>
      <ul class="checklist">${items.map((it) => `<li data-id="${esc(it.id)}" class="${done.has(it.id) ? "done" : ""}">
        <input type="checkbox"${done.has(it.id) ? " checked" : ""} aria-label="${esc(it.code)}">
        <span class="code">${esc(it.table ? it.table + " " : "")}${esc(it.code)}</span>
        <span class="content">${it.section ? `<span class="small muted">${esc(it.section)}</span><br>` : ""}${esc(it.content)}
          ${it.clause_id ? ` ${clauseLink(it.clause_id, "原文")}` : ""}${itemCites(it.cites)}</span>
        <span class="pts">${esc(it.points_raw || (it.points != null ? it.points + "分" : ""))}</span></li>`).join("")}</ul>` : ""}
    <h2>目录</h2>${doc.outline.length ? `<div class="tree"><ul>${doc.outline.map(outline).join("")}</ul></div>` : '<p class="muted">无</p>'}`;
  if (window.REGKG_CHANGES) await REGKG_CHANGES.fillStale(doc.id, document.getElementById("stale-citations"));
  const update = () => {
    const count = document.querySelectorAll(".checklist li.done").length;
    const el = document.getElementById("check-count");
    if (!el) return;
    el.textContent = `已完成 ${count} / ${items.length}`;
    document.getElementById("check-bar").style.width = `${(100 * count) / Math.max(1, items.length)}%`;
  };
  document.querySelectorAll(".checklist input").forEach((box) => box.addEventListener("change", () => {
    const li = box.closest("li");
    li.classList.toggle("done", box.checked);
    if (box.checked) done.add(li.dataset.id); else done.delete(li.dataset.id);
    localStorage.setItem(store, JSON.stringify([...done]));
    update();
  }));
  update();
}

// ---- export --------------------------------------------------------------------------
function showExport() {
  setNav("export");
  const fmts = [["turtle", "Turtle (.ttl)"], ["jsonld", "JSON-LD"], ["nt", "N-Triples"], ["xml", "RDF/XML"]];
  view.innerHTML = `<h1>导出 RDF</h1><p>将整个知识图谱导出为 RDF（ELI / FRBR 词表），可导入三元组库或本体工具。</p>
    <ul class="export-list">${fmts.map(([f, n]) => `<li><a href="/export?format=${f}" download>${n} — 完整图谱</a> · <a href="/export?format=${f}&schema_only=true" download>仅本体</a></li>`).join("")}</ul>`;
}

// ---- router --------------------------------------------------------------------------
async function route() {
  const hash = location.hash.replace(/^#/, "") || "/search";
  const [path, query] = hash.split("?");
  const params = new URLSearchParams(query || "");
  const parts = path.split("/").filter(Boolean);
  const arg = parts.length > 1 ? decodeURIComponent(parts.slice(1).join("/")) : "";
  document.body.dataset.ready = "";
  view.innerHTML = I18N.loadingHtml(); // every page says it is loading until its data is in (i18n.js)
  try {
    switch (parts[0]) {
      case "regulation": await showRegulation(arg, params); break;
      case "regulations": await showRegulations(); break;
      case "body": await showBody(arg, params); break;
      case "bodies": await showBodies(); break;
      case "document": await showDocument(arg); break;
      case "documents": await showDocuments(); break;
      case "clause": await showClause(arg); break;
      case "export": showExport(); break;
      default:
        // Views of other scripts (checklist.js, coverage.js) register in window.regkgViews.
        if (window.regkgViews && window.regkgViews[parts[0]]) await window.regkgViews[parts[0]](arg, params);
        else await showSearch(params);
    }
    document.body.dataset.ready = hash;
  } catch (err) {
    fail(err);
    document.body.dataset.ready = "error";
  }
  window.scrollTo(0, 0);
  const focus = document.getElementById("focus");
  if (focus) focus.scrollIntoView({ block: "center" });
}

// While the server refines the index (search/refine.py), say so: answers improve as it goes.
async function indexStatus() {
  const el = document.getElementById("index-status");
  try {
    const r = (await api("/healthz")).refinement;
    if (r && r.running) {
      const eta = r.eta_seconds != null ? `，约 ${Math.max(1, Math.round(r.eta_seconds / 60))} 分钟` : "";
      el.textContent = `· 语义索引优化中 ${r.refined.toLocaleString()} / ${r.units.toLocaleString()}${eta}`;
      setTimeout(indexStatus, 30000);
      return;
    }
  } catch (e) { /* health is informative only */ }
  el.textContent = "";
}

window.addEventListener("hashchange", route);
route();
indexStatus();
