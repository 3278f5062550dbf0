// regkg web page, long lists: the API answers {total, offset, limit, items}; these helpers take
// the rows out and draw "第 a–b 条，共 N 条" with previous / next links that keep the filters.
"use strict";

const PAGING = (() => {
  const listOf = (x) => (Array.isArray(x) ? x : (x && x.items) || []);

  // `base` is the page's hash path (#/body/医疗机构); `params` its current query (filters kept).
  function pager(base, params, page, unit) {
    const total = page.total ?? listOf(page).length, offset = page.offset || 0, count = listOf(page).length;
    const limit = page.limit || count || 1;
    const go = (o) => { const p = new URLSearchParams(params); p.set("offset", String(o)); return `${base}?${p}`; };
    const prev = offset > 0 ? `<a class="prev" href="${go(Math.max(0, offset - limit))}">← 上一页</a>` : "";
    const next = offset + count < total ? `<a class="next" href="${go(offset + limit)}">下一页 →</a>` : "";
    const where = count ? `第 ${offset + 1}–${offset + count} ${unit}，共 ${total} ${unit}` : `共 ${total} ${unit}`;
    return `<div class="pager" data-total="${total}">${prev}<span class="muted">${where}</span>${next}</div>`;
  }

  // The API query for a page of a list: the filters asked for in the hash, and limit / offset.
  function query(params, names, limit) {
    const q = new URLSearchParams();
    names.forEach((n) => { if (params.get(n)) q.set(n, params.get(n)); });
    q.set("limit", String(limit));
    q.set("offset", params.get("offset") || "0");
    return q;
  }

  return { listOf, pager, query };
})();
