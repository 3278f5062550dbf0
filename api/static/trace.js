// regkg web page, the tracing view of a regulation: a layered picture (the regulation on the left,
// the works citing it in a column per hop, one box per work with its citing versions inside, arrows
// from citing to cited) from /api/graph/trace, and the citing places grouped by kind with filters.
"use strict";

const TRACE = (() => {
  const KIND_ORDER = ["item", "clause", "plan", "report", "notice", "standard", "other"];
  const KIND_NAMES = { item: "检查项", clause: "法规条款", plan: "方案", report: "报告", notice: "通知", standard: "评分标准", other: "其他" };
  const BOX_W = 230, COL_GAP = 110, PAD = 16, LINE = 20, VLINE = 17, GAP_Y = 14, TITLE_CHARS = 13, MAX_VERSIONS = 3;
  // More works than this in one hop: the most citing are drawn, the rest summed up in one box
  // (all of them are in the table below); a picture taller than a screen or two is not read.
  const PER_COLUMN = 16;
  const esc = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

  // A title over at most two lines of TITLE_CHARS characters, the rest elided (the full one is the tooltip).
  function titleLines(title) {
    const t = String(title || "");
    if (t.length <= TITLE_CHARS) return [t];
    if (t.length <= 2 * TITLE_CHARS) return [t.slice(0, TITLE_CHARS), t.slice(TITLE_CHARS)];
    return [t.slice(0, TITLE_CHARS), t.slice(TITLE_CHARS, 2 * TITLE_CHARS - 1) + "…"];
  }

  function versionLines(work) {
    const vs = work.versions || [];
    if (!vs.length) return [];
    const line = (v) => (v.version_date ? v.version_date : "未注明日期") + (v.is_current ? " 现行" : "");
    const shown = vs.slice(0, MAX_VERSIONS).map(line);
    if (vs.length > MAX_VERSIONS) shown.push(`等 ${vs.length} 个版本`);
    return shown;
  }

  function href(work) {
    if (work.label === "Regulation") return `#/regulation/${encodeURIComponent(work.id)}`;
    const v = (work.versions || [])[0];
    return v ? `#/document/${encodeURIComponent(v.document_id)}` : null;
  }

  // Columns by layer; within a column, works ordered by where what they cite sits (fewer crossings).
  function layout(data) {
    const byLayer = new Map();
    data.works.forEach((w) => { if (!byLayer.has(w.layer)) byLayer.set(w.layer, []); byLayer.get(w.layer).push(w); });
    const targets = new Map();
    data.edges.forEach((e) => { if (!targets.has(e.source)) targets.set(e.source, []); targets.get(e.source).push(e.target); });
    const layers = [...byLayer.keys()].sort((a, b) => a - b);
    const boxes = new Map();
    let height = 0;
    const columns = [];
    layers.forEach((layer, col) => {
      let list = byLayer.get(layer);
      if (col > 0) {
        const rank = (w) => { const ys = (targets.get(w.id) || []).map((t) => boxes.get(t)).filter(Boolean).map((b) => b.y); return ys.length ? ys.reduce((a, b) => a + b, 0) / ys.length : 1e9; };
        list = list.map((w) => [rank(w), w]).sort((a, b) => a[0] - b[0] || a[1].title.localeCompare(b[1].title, "zh")).map((x) => x[1]);
      }
      let hidden = [];
      if (list.length > PER_COLUMN) {
        const places = (w) => Object.values(w.citing_kinds || {}).reduce((a, b) => a + b, 0);
        const kept = new Set([...list].sort((a, b) => places(b) - places(a)).slice(0, PER_COLUMN - 1));
        hidden = list.filter((w) => !kept.has(w));
        list = list.filter((w) => kept.has(w));
      }
      let y = PAD;
      const x = PAD + col * (BOX_W + COL_GAP);
      list.forEach((w) => {
        const lines = titleLines(w.title), versions = versionLines(w);
        const h = 12 + LINE * lines.length + (versions.length ? 2 + VLINE * versions.length : 0) + 8;
        boxes.set(w.id, { work: w, x, y, w: BOX_W, h, lines, versions });
        y += h + GAP_Y;
      });
      if (hidden.length) {
        const more = { id: `more-${layer}`, title: `另有 ${hidden.length} 个引用作品（见下表）`, label: "More", versions: [], layer };
        boxes.set(more.id, { work: more, x, y, w: BOX_W, h: 12 + LINE + 8, lines: [more.title], versions: [], hidden: new Set(hidden.map((w) => w.id)) });
        y += 12 + LINE + 8 + GAP_Y;
      }
      columns.push({ col, layer, bottom: y, ids: [...boxes.values()].filter((b) => b.x === x) });
      height = Math.max(height, y);
    });
    // Each column is centred on the tallest, so the regulation sits level with what cites it.
    columns.forEach((c) => { const shift = Math.max(0, (height - c.bottom) / 2); c.ids.forEach((b) => { b.y += shift; }); });
    const centre = boxes.get(data.key);
    const width = PAD * 2 + layers.length * BOX_W + (layers.length - 1) * COL_GAP;
    return { boxes, width, height: Math.max(height, (centre ? centre.h : 0) + 2 * PAD) };
  }

  function svg(data) {
    if (!data.works || data.works.length <= 1) return "";
    const { boxes, width, height } = layout(data);
    const find = (id) => boxes.get(id) || [...boxes.values()].find((b) => b.hidden && b.hidden.has(id));
    const seen = new Map();
    data.edges.forEach((e) => {
      const from = find(e.source), to = find(e.target);
      if (!from || !to || from === to) return;
      const k = from.work.id + "→" + to.work.id;
      seen.set(k, { from, to, count: (seen.get(k) ? seen.get(k).count : 0) + e.count });
    });
    const arrows = [...seen.values()].map(({ from, to, count }) => {
      // From the citing box's left side to the cited box's right side; same-column hops curve out.
      const x1 = from.x, y1 = from.y + from.h / 2;
      const same = from.x === to.x;
      const x2 = same ? to.x : to.x + to.w, y2 = to.y + to.h / 2;
      const bend = same ? -60 : (x1 - x2) / 2;
      const d = same ? `M${x1},${y1} C${x1 + bend},${y1} ${x2 + bend},${y2} ${x2 - 2},${y2}` : `M${x1},${y1} C${x1 - bend},${y1} ${x2 + bend},${y2} ${x2 + 2},${y2}`;
      const label = count > 1 ? `<text class="edge-count" x="${(x1 + x2) / 2}" y="${(y1 + y2) / 2 - 3}">${count}</text>` : "";
      return `<path class="edge" d="${d}" marker-end="url(#trace-arrow)"><title>${esc(from.work.title)} 引用 ${esc(to.work.title)}：${count} 处</title></path>${label}`;
    }).join("");
    const nodes = [...boxes.values()].map((b) => {
      const w = b.work, centre = w.id === data.key, link = w.label === "More" ? null : href(w);
      const kinds = Object.entries(w.citing_kinds || {}).map(([k, n]) => `${KIND_NAMES[k] || k} ${n}`).join("，");
      const tip = `${w.title}${kinds ? "\n引用：" + kinds : ""}${(w.versions || []).length ? "\n版本：" + w.versions.map((v) => v.version_date || v.title).join("、") : ""}`;
      const cls = `work${centre ? " centre" : ""}${w.label === "Document" ? " doc" : ""}${w.label === "More" ? " more" : ""}`;
      const title = b.lines.map((t, i) => `<text class="work-title" x="${b.x + 10}" y="${b.y + 12 + LINE * (i + 1) - 4}">${esc(t)}</text>`).join("");
      const vy = b.y + 12 + LINE * b.lines.length + 2;
      const versions = b.versions.map((t, i) => `<text class="work-version" x="${b.x + 18}" y="${vy + VLINE * (i + 1) - 4}">▸ ${esc(t)}</text>`).join("");
      const body = `<g class="${cls}" data-work="${esc(w.id)}" data-versions="${(w.versions || []).length}"${b.hidden ? ` data-hidden="${b.hidden.size}"` : ""}><title>${esc(tip)}</title>`
        + `<rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" rx="6"/>${title}${versions}</g>`;
      return link ? `<a href="${link}" class="trace-link">${body}</a>` : body;
    }).join("");
    return `<svg class="trace" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="引用追溯图：左侧为本法规，向右依次为直接引用和间接引用它的文件">
      <defs><marker id="trace-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker></defs>
      ${arrows}${nodes}</svg>`;
  }

  const legend = () => `<div class="legend trace-legend"><span><i class="sw centre"></i>本法规</span><span><i class="sw"></i>引用它的法规（框内为其版本）</span><span><i class="sw doc"></i>引用它的文件</span><span>→ 引用方向</span><span>左起第 n 列：第 n 层引用</span></div>`;

  // The picture, loaded on its own so the table shows while it is drawn.
  async function mount(el, key, params) {
    el.innerHTML = I18N.loadingHtml("正在绘制引用关系…");
    const q = new URLSearchParams({ key, depth: params.get("depth") || "1" });
    if (params.get("article")) q.set("article", params.get("article"));
    if (params.get("kind")) q.set("kind", params.get("kind"));
    try {
      const res = await fetch(`/api/graph/trace?${q}`, { headers: { Accept: "application/json" } });
      const body = await res.json().catch(() => null);
      if (!res.ok) throw I18N.fromResponse(res, body);
      const drawn = svg(body);
      el.innerHTML = drawn ? legend() + `<div class="graph-scroll">${drawn}</div>` + (body.truncated ? `<p class="small muted">图中只画出前 ${body.rows} 处引用。</p>` : "") : "";
      el.dataset.ready = "1";
    } catch (err) {
      el.innerHTML = I18N.errorHtml(err);
      el.dataset.ready = "error";
    }
  }

  // The citing places grouped by kind (检查项, 法规条款, 方案 …), each group foldable, with a
  // checkbox per kind to show or hide it; `place` renders a row's first cell (app.js owns it).
  function table(rows, place) {
    if (!rows.length) return '<p class="muted">没有文件引用该法规。</p>';
    const groups = new Map();
    rows.forEach((c) => { const k = KIND_NAMES[c.kind] ? c.kind : "other"; if (!groups.has(k)) groups.set(k, []); groups.get(k).push(c); });
    const kinds = KIND_ORDER.filter((k) => groups.has(k));
    const filters = `<div class="kind-filter small" role="group" aria-label="按引用类型筛选">按类型筛选：${kinds.map((k) => `<label class="check"><input type="checkbox" data-kind-filter="${k}" checked>${KIND_NAMES[k]}（${groups.get(k).length}）</label>`).join("")}</div>`;
    const section = (k) => `<section class="kind-group" data-kind="${k}"><h3>${KIND_NAMES[k]} <span class="muted small">${groups.get(k).length} 处</span></h3>
      <div class="table-scroll"><table class="list citing"><thead><tr><th>引用位置</th><th>原文引用</th><th>层</th></tr></thead><tbody>
      ${groups.get(k).map((c) => `<tr data-kind="${esc(c.kind)}"><td>${place(c)}</td><td>${esc(c.raw || "")}${c.article_now != null ? `<div class="small muted">旧版条号，${c.article_now ? "现为" + esc(c.article_now) : "该条已删去"}</div>` : ""}${c.via ? `<div class="small muted">经由 <a href="#/regulation/${encodeURIComponent(c.via)}">《${esc(c.via)}》</a></div>` : ""}</td><td>${c.depth}</td></tr>`).join("")}
      </tbody></table></div></section>`;
    return `<div id="citing">${filters}${kinds.map(section).join("")}</div>`;
  }

  document.addEventListener("change", (ev) => {
    const box = ev.target;
    if (!box.matches || !box.matches("[data-kind-filter]")) return;
    const group = document.querySelector(`.kind-group[data-kind="${box.dataset.kindFilter}"]`);
    if (group) group.hidden = !box.checked;
  });

  return { mount, table, svg, layout };
})();
