// regkg 新旧对照 page (#/diff?title=…&from=…&to=…): two versions of a work side by side, article by
// article, changes highlighted; plus the validity banner of a clause page, the validity facts of a
// document page and its stale citations (window.REGKG_CHANGES, called from app.js).
"use strict";

(function () {
  const e = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
  const q = encodeURIComponent;
  const CHANGE = { unchanged: "未变", renumbered: "条号变动", changed: "修改", added: "新增", deleted: "删除" };
  const STATUS = { in_force: "现行有效", superseded: "已被修订", repealed: "已废止", not_yet_in_force: "尚未施行", draft: "征求意见稿", unknown: "状态未知" };
  const LEVEL = { national: "国家", provincial: "省级", prefectural: "地市级", county: "县级", institution: "医疗机构", unknown: "" };
  const KIND = {
    law: "法律", administrative_regulation: "行政法规", departmental_rule: "部门规章", local_regulation: "地方性法规",
    judicial_interpretation: "司法解释", notice: "通知", plan: "方案", scoring_standard: "评分标准", report: "报告", other: "其他",
  };

  const style = document.createElement("style");
  style.textContent = `
    .diff-table { width: 100%; border-collapse: collapse; table-layout: fixed; }
    .diff-table td { vertical-align: top; border-top: 1px solid #ddd; padding: .4em .5em; line-height: 1.6; }
    .diff-table .tag { width: 6em; white-space: nowrap; }
    .diff-table tr.unchanged { color: #777; }
    .diff-table del { background: #fdd; color: #a00; text-decoration: line-through; }
    .diff-table ins { background: #dfd; color: #060; text-decoration: none; }
    .validity-banner { border: 1px solid #e0a800; background: #fff8e1; padding: .6em .8em; margin: .6em 0; border-radius: 4px; }
    .validity-facts span { margin-right: 1em; }`;
  document.head.appendChild(style);

  async function getJson(path) {
    const res = await fetch(path, { headers: { Accept: "application/json" } });
    const body = await res.json().catch(() => null);
    if (!res.ok) throw new Error(body && body.error ? body.error.message : `${res.status} ${res.statusText}`);
    return body;
  }

  // One side of a changed article: equal runs plain, the other side's runs left out.
  function side(diff, keep) {
    return diff.map((d) => (d.op === "equal" ? e(d.text) : d.op === keep ? (keep === "delete" ? `<del>${e(d.text)}</del>` : `<ins>${e(d.text)}</ins>`) : "")).join("");
  }

  function row(r, showAll) {
    if (r.change === "unchanged" && !showAll) return "";
    const oldText = r.old ? (r.diff.length ? `${e(r.old.locator)} ${side(r.diff, "delete")}` : e(r.old.text)) : "";
    const newText = r.new ? (r.diff.length ? `${e(r.new.locator)} ${side(r.diff, "insert")}` : e(r.new.text)) : "";
    const link = (a) => (a && a.id ? ` <a class="small" href="#/clause/${q(a.id)}">原文</a>` : "");
    return `<tr class="${e(r.change)}" data-change="${e(r.change)}"><td class="tag">${e(CHANGE[r.change] || r.change)}${r.moved ? "<br><span class='small muted'>条号变动</span>" : ""}</td>
      <td class="old">${r.change === "added" ? "" : oldText}${link(r.old)}</td><td class="new">${r.change === "deleted" ? "" : newText}${link(r.new)}</td></tr>`;
  }

  async function showDiff(arg, params) {
    const title = params.get("title") || arg;
    const view = document.getElementById("view");
    if (!title) {
      view.innerHTML = `<h1>新旧对照</h1><form id="diff-form"><input name="title" placeholder="法规名称，如 医疗机构管理条例" required> <button>对照</button></form>`;
      document.getElementById("diff-form").addEventListener("submit", (ev) => {
        ev.preventDefault();
        location.hash = `#/diff?title=${q(new FormData(ev.target).get("title"))}`;
      });
      return;
    }
    const p = new URLSearchParams({ title });
    for (const k of ["from", "to"]) if (params.get(k)) p.set(k, params.get(k));
    const d = await getJson(`/api/diff?${p}`);
    const showAll = params.get("all") === "1";
    const counts = Object.entries(CHANGE).map(([k, n]) => `<span>${n} ${d.counts[k] || 0}</span>`).join("");
    const toggle = new URLSearchParams(p);
    if (!showAll) toggle.set("all", "1");
    view.innerHTML = `<h1>新旧对照：${e(d.work)}</h1>
      <div class="meta validity-facts">${counts}<a href="#/diff?${toggle}">${showAll ? "只看变化" : "显示全部条文"}</a></div>
      <table class="diff-table" id="diff-table"><thead><tr><th class="tag"></th>
        <th>${e(d.from.version_date)} 版 <span class="small muted">${e(STATUS[d.from.status] || "")}</span></th>
        <th>${e(d.to.version_date)} 版 <span class="small muted">${e(STATUS[d.to.status] || "")}</span></th></tr></thead>
        <tbody>${d.rows.map((r) => row(r, showAll)).join("")}</tbody></table>`;
  }

  // The facts a compliance reader looks at first: 效力级别, 发布机关, 文号, 施行日期, status + reason.
  function facts(v, withStatus = true) {
    if (!v) return "";
    const bits = [
      v.kind && KIND[v.kind] ? `效力级别：${KIND[v.kind]}${LEVEL[v.level] ? "（" + LEVEL[v.level] + "）" : ""}` : "",
      v.issuers && v.issuers.length ? `发布机关：${v.issuers.join("、")}` : "",
      v.number ? `文号：${v.number}` : "",
      v.effective ? `施行日期：${v.effective}` : "",
      v.status && withStatus && v.kind !== "report" ? `${STATUS[v.status] || v.status}${v.status_reason ? "（" + v.status_reason + "）" : ""}` : "",
    ].filter(Boolean);
    return `<div class="meta validity-facts small">${bits.map((b) => `<span>${e(b)}</span>`).join("")}</div>`;
  }

  // A superseded (or repealed) version's clause page: a banner, and a link to the article now.
  function clauseBanner(v) {
    if (!v || v.status === "in_force" || !v.status) return facts(v);
    const now = v.current;
    let link = "";
    if (now && now.clause_id) {
      link = ` 现行 ${e(now.version_date || "")} 版对应条文：<a id="current-article" href="#/clause/${q(now.clause_id)}">${e(now.locator)}</a>（${e(CHANGE[now.change] || now.change)}）`;
    } else if (now) {
      link = ` 现行 ${e(now.version_date || "")} 版已无对应条文。`;
    }
    if (now && now.title && v.version_date) {  // what changed, article by article, from this version
      const p = new URLSearchParams({ title: now.title, from: v.version_date });
      if (now.version_date) p.set("to", now.version_date);
      link += ` <a id="banner-diff" href="#/diff?${p}">新旧对照 →</a>`;
    }
    return `<div class="validity-banner" id="validity-banner"><strong>${e(STATUS[v.status] || v.status)}</strong>：${e(v.status_reason || "")}${link}</div>${facts(v, false)}`;
  }

  // A document's citations that a later version of the cited work left stale.
  async function fillStale(documentId, el) {
    if (!el) return;
    const rows = await getJson(`/api/stale?document=${q(documentId)}`).catch(() => []);
    if (!rows.length) return;
    el.innerHTML = `<h2>可能已过时的引用（${rows.length}）</h2><ul>${rows.map((r) => `<li>
      ${r.citing_clause_id ? `<a href="#/clause/${q(r.citing_clause_id)}">${e(r.locator || "")}</a>` : e(r.locator || "")} ${e(r.raw || "")}
      → ${r.current_clause_id ? `<a href="#/clause/${q(r.current_clause_id)}">现为${e(r.current_article)}</a>` : "现行版本无对应条文"}
      <div class="small muted">${e(r.reason)}</div></li>`).join("")}</ul>`;
  }

  window.regkgViews = window.regkgViews || {};
  window.regkgViews.diff = showDiff;
  window.REGKG_CHANGES = { facts, clauseBanner, fillStale };
})();
