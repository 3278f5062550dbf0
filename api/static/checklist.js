// regkg 自查清单 page (#/checklist): pick a kind of institution and topics or a scoring standard,
// enter 自评得分 and findings per row; per-table and total scores update as you type; print or
// export. Scores and findings stay in this browser (localStorage), keyed by the rows' stable ids.
"use strict";

(function () {
  const PARTIES = ["医疗机构", "医院", "一级医院", "二级以上医院", "三级医院", "基层医疗卫生机构", "诊所", "门诊部"];
  const TOPICS = ["医疗废物", "传染病防治", "依法执业", "护理", "药品", "临床用血", "放射诊疗", "母婴保健", "精神卫生", "医疗质量", "医疗纠纷"];
  const e = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
  const q = encodeURIComponent;
  const fmt = (n) => (Math.round(n * 10) / 10).toString();
  // A duty row has no points: it is judged, and its verdict counts in no total.
  const VERDICTS = ["符合", "不符合", "不适用"];

  async function getJson(path) {
    const res = await fetch(path, { headers: { Accept: "application/json" } });
    const body = await res.json().catch(() => null);
    if (!res.ok) throw new Error(`${res.status} ${body && body.error ? body.error.message : res.statusText}`);
    return body;
  }

  async function standards() {
    const page = await getJson("/api/documents?limit=1000").catch(() => []);
    const docs = Array.isArray(page) ? page : page.items || [];
    return docs.filter((d) => d.kind === "scoring_standard" || d.kind === "notice").map((d) => d.title);
  }

  function selection(params) {
    return { party: params.get("for") || "医疗机构", topic: params.get("topic") || "", standard: params.get("standard") || "" };
  }

  function query(sel) {
    const parts = [`for=${q(sel.party)}`];
    if (sel.topic) parts.push(`topic=${q(sel.topic)}`);
    if (sel.standard) parts.push(`standard=${q(sel.standard)}`);
    return parts.join("&");
  }

  function form(sel, titles, action) {
    return `<form class="search no-print" id="checklist-form">
      <div class="row">
        主体 <input type="text" name="for" list="cl-parties" value="${e(sel.party)}" size="12">
        主题 <input type="text" name="topic" list="cl-topics" value="${e(sel.topic)}" size="18" placeholder="如 医疗废物,传染病防治">
        评分标准 <input type="text" name="standard" list="cl-standards" value="${e(sel.standard)}" size="26" placeholder="可选：整套评分标准">
        <button type="submit">${action}</button>
      </div>
      <datalist id="cl-parties">${PARTIES.map((p) => `<option value="${e(p)}">`).join("")}</datalist>
      <datalist id="cl-topics">${TOPICS.map((p) => `<option value="${e(p)}">`).join("")}</datalist>
      <datalist id="cl-standards">${titles.map((p) => `<option value="${e(p)}">`).join("")}</datalist>
    </form>`;
  }

  function submitTo(route) {
    document.getElementById("checklist-form").addEventListener("submit", (ev) => {
      ev.preventDefault();
      const data = new FormData(ev.target);
      const sel = { party: data.get("for").trim(), topic: data.get("topic").trim(), standard: data.get("standard").trim() };
      location.hash = `#/${route}?${query(sel)}`;
    });
  }

  function rowHtml(r, n, saved) {
    const s = saved[r.id] || {};
    const cites = (r.cites || []).filter((c) => c.raw).map((c) => c.target_clause_id
      ? `<a href="#/clause/${q(c.target_clause_id)}">${e(c.raw)}</a>` : e(c.raw)).join("、");
    const detail = (r.detail || []).map(e).join("<br>");  // criteria, or duties that add to the text
    return `<tr class="cl-row" data-id="${e(r.id)}" data-points="${r.points ?? ""}">
      <td>${n}</td><td class="small">${e(r.code || "")}</td>
      <td>${r.requirement ? `<div class="small muted">基本要求：${e(r.requirement)}</div>` : ""}<div class="clause-text">${e(r.text)}</div>
        ${cites ? `<div class="small item-cites">依据：${cites}</div>` : ""}
        ${r.items && r.items.length ? `<div class="small muted">检查项：${r.items.map(e).join("、")}</div>` : ""}
        ${r.penalty ? `<div class="small warn-text">违反后果：${e(r.penalty)}</div>` : ""}</td>
      <td class="small">${detail}</td>
      <td class="num">${r.points == null ? "" : fmt(r.points)}</td>
      <td>${r.points != null
        ? `<input type="number" class="cl-score" step="0.5" min="0" max="${r.points}" value="${e(s.score ?? "")}" aria-label="自评得分">`
        : `<select class="cl-score cl-verdict" aria-label="自评结论"><option value=""></option>${VERDICTS.map((v) => `<option${s.score === v ? " selected" : ""}>${v}</option>`).join("")}</select>`}<span class="print-only">${e(s.score ?? "")}</span></td>
      <td><textarea class="cl-finding" rows="2" aria-label="发现问题">${e(s.finding || "")}</textarea><span class="print-only">${e(s.finding || "")}</span></td>
      <td class="small"><a class="cl-source" href="#/clause/${q(r.source.clause_id)}">${e(r.source.document_title || "")} ${e(r.source.locator || "")}</a></td>
    </tr>`;
  }

  function totals() {
    let all = 0, max = 0;
    document.querySelectorAll(".cl-group").forEach((g) => {
      let sum = 0, gmax = 0;
      g.querySelectorAll(".cl-row").forEach((tr) => {
        const p = parseFloat(tr.dataset.points);
        if (Number.isNaN(p)) return;
        const v = parseFloat(tr.querySelector(".cl-score").value);
        if (!Number.isNaN(v)) sum += v;
        gmax += p;
      });
      // A group of duty rows (judged, not scored) has no subtotal: "—", not 0.
      g.querySelector(".cl-subtotal").textContent = g.dataset.scored === "false" ? "—" : fmt(sum);
      all += sum; max += gmax;
    });
    document.querySelectorAll(".cl-total").forEach((el) => { el.textContent = fmt(all); });
    const chosen = [...document.querySelectorAll(".cl-verdict")].map((el) => el.value);
    document.querySelectorAll(".cl-verdict-count").forEach((el) => {
      el.textContent = String(chosen.filter((v) => v === el.dataset.verdict).length);
    });
    document.querySelectorAll(".cl-max").forEach((el) => { el.textContent = fmt(max); });
  }

  // The file with what was entered on this page written in (POST: the GET route exports blank).
  async function exportFilled(sel, format, entries) {
    const topic = sel.topic ? sel.topic.split(/[,，、]/).map((t) => t.trim()).filter(Boolean) : [];
    const res = await fetch("/api/checklist/export", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ for: sel.party, topic, standard: sel.standard || null, format, entries }),
    });
    if (!res.ok) {
      const body = await res.json().catch(() => null);
      const err = I18N.fromResponse(res, body);
      alert(`导出失败：${I18N.chinese(err)}\n${err.message}`);
      return;
    }
    const url = URL.createObjectURL(await res.blob());
    const link = Object.assign(document.createElement("a"), { href: url, download: `checklist-${sel.party}.${format}` });
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  async function showChecklist(_arg, params) {
    document.querySelectorAll("[data-nav]").forEach((a) => a.classList.toggle("active", a.dataset.nav === "checklist"));
    const view = document.getElementById("view");
    const sel = selection(params);
    const titles = await standards();
    if (!sel.topic && !sel.standard) {
      view.innerHTML = `<h1>自查清单</h1>${form(sel, titles, "生成清单")}
        <p class="muted">选择机构类别和主题（或整套评分标准），列出检查项及其依据条款、约束该机构的法定义务和违反后果，每行可回溯原文。</p>`;
      submitTo("checklist");
      return;
    }
    const data = await getJson(`/api/checklist?${query(sel)}`);
    const key = `regkg-checklist:${query(sel)}`;
    const saved = JSON.parse(localStorage.getItem(key) || "{}");
    let n = 0;
    const groups = data.groups.map((g) => `<section class="cl-group card" data-scored="${g.scored !== false}"><h2>${e(g.name)}</h2>
      <div class="table-scroll"><table class="list cl-table"><thead><tr><th>序号</th><th>编号</th><th>要求</th><th>评分标准 / 义务</th><th>分值</th><th>自评得分</th><th>发现问题</th><th>来源</th></tr></thead>
      <tbody>${g.rows.map((r) => rowHtml(r, ++n, saved)).join("")}</tbody>
      <tfoot><tr><td colspan="4">小计</td><td class="num">${g.scored === false ? "—" : fmt(g.points)}</td><td class="num cl-subtotal">${g.scored === false ? "—" : "0"}</td><td colspan="2"></td></tr></tfoot></table></div></section>`).join("");
    // 满分 and 自评合计 where rows carry points; how the duty rows were judged where there are any
    // (a checklist of duties only has no 满分 0 to show).
    const judged = data.groups.some((g) => g.scored === false);
    const sums = (id) => (data.scored !== false ? ` · 满分 <b class="cl-max">${fmt(data.points)}</b> · 自评合计 <b class="cl-total"${id ? ' id="cl-total"' : ""}>0</b>` : "")
      + (judged ? ` · 逐项判定：${VERDICTS.map((v) => `${v} <b class="cl-verdict-count" data-verdict="${v}">0</b>`).join(" · ")}` : "");
    const exports = ["xlsx", "docx", "csv", "md", "json"].map((f) => `<button type="button" class="ghost cl-export" data-format="${f}">导出 ${f.toUpperCase()}</button>`).join(" ");
    view.innerHTML = `<h1>${e(data.party)} ${e(data.topics.join("、"))}${data.standard ? "《" + e(data.standard) + "》" : ""} 自查清单</h1>
      ${form(sel, titles, "重新生成")}
      ${(data.notes || []).map((t) => `<p class="small muted">${e(t)}</p>`).join("")}
      <div class="cl-summary card">共 ${data.row_count} 项${sums(true)}
        <span class="no-print"> · <button type="button" id="cl-print" class="ghost">打印</button> ${exports}</span></div>
      ${groups}
      <div class="card">合计：${data.row_count} 项${sums(false)}</div>`;
    submitTo("checklist");
    const store = () => {
      const out = {};
      document.querySelectorAll(".cl-row").forEach((tr) => {
        const score = tr.querySelector(".cl-score").value, finding = tr.querySelector(".cl-finding").value;
        tr.querySelectorAll(".print-only")[0].textContent = score;
        tr.querySelectorAll(".print-only")[1].textContent = finding;
        if (score || finding) out[tr.dataset.id] = { score, finding };
      });
      localStorage.setItem(key, JSON.stringify(out));
    };
    const clamp = (el) => {  // a score lies between 0 and the row's points
      const v = parseFloat(el.value), max = parseFloat(el.max);
      if (el.type === "number" && !Number.isNaN(v) && (v < 0 || v > max)) el.value = String(Math.min(Math.max(v, 0), max));
    };
    view.querySelectorAll(".cl-score, .cl-finding").forEach((el) => el.addEventListener("input", () => { clamp(el); totals(); store(); }));
    view.querySelectorAll(".cl-verdict").forEach((el) => el.addEventListener("change", () => { totals(); store(); }));
    view.querySelectorAll(".cl-export").forEach((b) => b.addEventListener("click", () => exportFilled(sel, b.dataset.format, JSON.parse(localStorage.getItem(key) || "{}"))));
    document.getElementById("cl-print").addEventListener("click", () => window.print());
    totals();
  }

  window.regkgViews = window.regkgViews || {};
  window.regkgViews.checklist = showChecklist;
  window.regkgChecklist = { form, query, selection, submitTo, getJson, standards, esc: e };
})();
