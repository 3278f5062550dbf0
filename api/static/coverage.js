// regkg 报告覆盖 page (#/coverage): upload a self-inspection report and choose a checklist; a
// supervisor sees at a glance a coverage bar per group (the groups with most gaps first), each
// gap, each requirement to check by hand (待核对: a sentence shares the duty's key words but not
// enough to count), each addressed requirement with the report's evidence sentence, and the
// citations to fix.
"use strict";

(function () {
  const e = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
  const q = encodeURIComponent;
  const VERDICT = { ok: "无误", misspelt: "书名有误", superseded: "已被新版本取代", repealed: "已废止", not_held: "未收录", unresolved: "未能识别" };

  function bar(share) {
    const pct = Math.round(share * 100);
    const cls = pct >= 80 ? "" : pct >= 50 ? "mid" : "low";
    return `<div class="cov-bar ${cls}" title="${pct}%"><div style="width:${pct}%"></div></div><span class="small">${pct}%</span>`;
  }

  function evidenceHtml(x) {
    const why = x.cites ? "引用本条" : x.phrase ? `共同词句“${e(x.phrase)}”` : x.anchors && x.anchors.length ? `关键词 ${x.anchors.map(e).join("、")}` : "";
    return `<blockquote class="small">报告第 ${x.start}–${x.end} 字：${e(x.text)} <span class="muted">（${x.score}${why ? "；" + why : ""}）</span></blockquote>`;
  }

  function rowHtml(r) {
    const source = `<a href="#/clause/${q(r.clause_id)}">${e(r.code || "原文")}</a>`;
    const status = r.status || (r.addressed ? "addressed" : "gap");
    if (status === "gap") {
      return `<li class="cov-gap"><span class="badge warn">缺项</span> ${source} ${e(r.text.slice(0, 160))}
        <span class="small muted">（最接近 ${r.score}）</span></li>`;
    }
    const ev = r.evidence.map(evidenceHtml).join("");
    if (status === "possible") {
      return `<li class="cov-check"><span class="badge">待核对</span> ${source} ${e(r.text.slice(0, 160))}${ev}</li>`;
    }
    return `<li class="cov-ok"><span class="badge">已覆盖</span> ${source} ${e(r.text.slice(0, 160))}${ev}</li>`;
  }

  function render(data) {
    const flagged = data.citations.filter((c) => c.verdict !== "ok");
    const cites = flagged.length ? `<h2>报告中的引用（${flagged.length} 处需核对）</h2>
      <table class="list cov-cites"><thead><tr><th>原文</th><th>问题</th><th>应为 / 现行条文</th></tr></thead><tbody>
      ${flagged.map((c) => `<tr><td>${e(c.raw)}</td><td><span class="badge warn">${e(VERDICT[c.verdict] || c.verdict)}</span> ${e(c.note)}</td>
        <td>${c.intended ? `<a href="#/regulation/${q(c.intended)}">《${e(c.intended)}》</a>` : ""}
        ${c.current && c.current.clause_id ? ` <a href="#/clause/${q(c.current.clause_id)}">${e(c.current.locator || "")}</a>` : ""}</td></tr>`).join("")}
      </tbody></table>` : `<p class="muted">报告中的引用均可识别。</p>`;
    return `<div class="card cov-summary"><b>${e(data.source)}</b>：${data.total} 项要求中已覆盖 <b id="cov-addressed">${data.addressed}</b> 项，
        缺项 <b id="cov-gaps">${data.gaps}</b> 项（其中待核对 <b id="cov-possible">${data.possible ?? 0}</b> 项）
        ${bar(data.total ? data.addressed / data.total : 0)}
        <div class="small muted">已覆盖：报告中有句子含该要求的关键词语（加权覆盖 ≥ ${data.threshold}）或引用该条；待核对：有关键词但不足以判定，请人工确认</div></div>
      <h2>各组覆盖情况（缺项多的组在前）</h2>
      ${data.groups.map((g) => `<details class="card cov-group"${g.addressed < g.total ? " open" : ""}>
        <summary><span class="cov-name">${e(g.name)}</span> ${bar(g.share)} <span class="small">${g.addressed}/${g.total}</span></summary>
        <ul class="cov-rows">${g.rows.map(rowHtml).join("")}</ul></details>`).join("")}
      ${cites}`;
  }

  async function showCoverage(_arg, params) {
    document.querySelectorAll("[data-nav]").forEach((a) => a.classList.toggle("active", a.dataset.nav === "coverage"));
    const helper = window.regkgChecklist;
    const sel = helper.selection(params);
    if (!sel.topic && !sel.standard) sel.topic = "依法执业";
    const view = document.getElementById("view");
    const titles = await helper.standards();
    view.innerHTML = `<h1>自查报告覆盖检查</h1>
      <form class="search" id="coverage-form">
        <div class="row">报告 <input type="file" name="report" id="cov-file" accept=".txt,.md,.docx,.pdf,.html,.xlsx"></div>
        <div class="row">
          主体 <input type="text" name="for" list="cl-parties2" value="${e(sel.party)}" size="12">
          主题 <input type="text" name="topic" value="${e(sel.topic)}" size="18">
          评分标准 <input type="text" name="standard" list="cl-standards2" value="${e(sel.standard)}" size="24">
          <button type="submit">检查覆盖</button>
        </div>
        <datalist id="cl-standards2">${titles.map((t) => `<option value="${e(t)}">`).join("")}</datalist>
      </form>
      <div id="coverage-result"><p class="muted">上传自查报告或方案，选择对照的清单（主体 + 主题，或评分标准）。</p></div>`;
    document.getElementById("coverage-form").addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const out = document.getElementById("coverage-result");
      const data = new FormData(ev.target);
      if (!data.get("standard")) data.delete("standard");
      if (!data.get("topic")) data.delete("topic");
      out.innerHTML = `<p class="muted">正在比对…</p>`;
      document.body.dataset.coverage = "running";
      try {
        const res = await fetch("/api/coverage", { method: "POST", body: data, headers: { Accept: "application/json" } });
        const body = await res.json().catch(() => null);
        if (!res.ok) throw I18N.fromResponse(res, body);
        out.innerHTML = render(body);
        document.body.dataset.coverage = "done";
      } catch (err) {
        out.innerHTML = I18N.errorHtml(err);
        document.body.dataset.coverage = "error";
      }
    });
  }

  window.regkgViews = window.regkgViews || {};
  window.regkgViews.coverage = showCoverage;
})();
