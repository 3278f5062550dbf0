// regkg web page, the words around the data: Chinese messages keyed by the API's error codes
// (api/errors.py), suggestions as links, loading states, and 简体 display of traditional sources
// (the API sends the conversion in each answer's `simplified`, api/display.py).
"use strict";

const I18N = (() => {
  // One line a compliance officer can act on, per error code the API answers with.
  const MESSAGES = {
    not_found: "没有找到您要的内容。",
    unknown_regulation: "没有找到该法规。",
    unknown_body: "没有找到该责任主体。",
    unknown_document: "没有找到该文件。",
    unknown_clause: "没有找到该条款。",
    unknown_kind: "不认识的文件类型。",
    unknown_level: "不认识的层级。",
    unknown_modality: "不认识的义务类型；可选：应当、不得、可以。",
    unknown_name: "没有找到该名称。",
    bad_kind: "不认识的引用类型；可选：检查项、法规条款、方案、报告、通知、评分标准、其他。",
    empty_query: "请输入要检索的问题或关键词。",
    query_too_long: "检索内容过长，请缩短后再试。",
    invalid_request: "请求参数有误，请检查输入。",
    search_error: "检索未能完成，请换一种说法再试。",
    ingest_error: "文件未能导入。",
    export_error: "导出未能完成。",
    graph_unavailable: "知识图谱暂时不可用，请稍后再试。",
    internal_error: "服务器内部错误，请稍后再试或联系管理员。",
    unauthorized: "需要有效的 API 密钥。",
    forbidden: "没有执行该操作的权限。",
    too_large: "上传内容过大。",
    no_files: "请至少选择一个文件。",
    too_many_files: "一次上传的文件过多。",
    uri_too_long: "链接过长。",
    method_not_allowed: "不支持该操作。",
    network: "无法连接服务器，请检查网络或确认 regkg 服务正在运行。",
    bad_checklist: "无法生成清单：请填写机构类别，并选择主题（如 医疗废物）或一套评分标准。",
    bad_entry: "自评得分有误：得分应在 0 与该项分值之间；无分值的义务请选 符合 / 不符合 / 不适用。",
    bad_date: "日期无效：请写成 YYYY-MM-DD，如 2020-01-01。",
    bad_format: "不支持该导出格式；可选 xlsx、docx、csv、md、json。",
    bad_report: "报告未能读取：请上传有文字内容的 PDF、Word、Excel、文本或网页文件。",
    not_comparable: "本库只收有该法规的一个版本，无法新旧对照。",
  };
  const BY_STATUS = { 400: "请求有误。", 404: "没有找到您要的内容。", 413: "内容过大。", 422: "请求参数有误，请检查输入。", 503: "服务暂时不可用，请稍后再试。" };
  const WHAT = { regulation: "法规", body: "责任主体", document: "文件", clause: "条款", node: "节点" };

  class ApiError extends Error {
    constructor(status, code, message, suggestions) {
      super(message || code || String(status));
      this.status = status;
      this.code = code || "";
      this.suggestions = suggestions || [];
    }
  }

  // The API's {error: {code, message, suggestions}} as an ApiError the page can explain.
  function fromResponse(res, body) {
    const e = (body && body.error) || {};
    return new ApiError(res.status, e.code, e.message || res.statusText, e.suggestions);
  }

  function chinese(err) {
    if (err instanceof TypeError) return MESSAGES.network; // fetch failed: server gone, offline
    const known = MESSAGES[err.code];
    if (known && err.code === "not_found") {
      const m = /^no (\w+)/.exec(err.message || "");
      if (m && WHAT[m[1]]) return `没有找到该${WHAT[m[1]]}。`;
    }
    return known || BY_STATUS[err.status] || "出错了，请稍后再试。";
  }

  // A suggestion is a name (or {key, name}); its link is the current page with the name in place
  // of the one that found nothing: #/body/医院 → #/body/医疗机构.
  function suggestionHref(key) {
    const [path, query] = location.hash.replace(/^#/, "").split("?");
    const parts = path.split("/").filter(Boolean);
    const page = parts[0] === "search" || !parts[0] ? "search" : parts[0];
    if (page === "search") {
      const p = new URLSearchParams(query || "");
      p.set("q", key);
      return "#/search?" + p.toString();
    }
    return `#/${page}/${encodeURIComponent(key)}`;
  }

  function errorHtml(err) {
    const esc = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
    const links = (err.suggestions || []).slice(0, 8).map((s) => {
      const key = typeof s === "string" ? s : s.key || s.name || s.title || "";
      const name = typeof s === "string" ? s : s.name || s.title || s.key || "";
      return `<a class="suggestion" href="${esc(suggestionHref(key))}">${esc(name)}</a>`;
    }).filter((a) => !a.includes('href="#/search?q="'));
    return `<div class="error" role="alert" data-code="${esc(err.code)}">
      <div class="error-text">${esc(chinese(err))}</div>
      ${links.length ? `<div class="suggestions">您是否要找：${links.join("、")}</div>` : ""}
      ${err.message ? `<div class="small muted error-detail">${err.status ? esc(err.status) + " · " : ""}${esc(err.message)}</div>` : ""}
    </div>`;
  }

  // A placeholder while a page's data is on its way; aria-busy tells screen readers too.
  function loadingHtml(what) {
    return `<div class="loading" role="status" aria-busy="true"><span class="spinner"></span>${what || "加载中…"}</div>`;
  }

  // Text shown in 简体 when the source is traditional, the original one click away. `html` renders
  // one version (escaped, or with highlights); both versions keep the same length (api/display.py).
  function zh(obj, field, html) {
    const original = obj ? obj[field] : "";
    const converted = obj && obj.simplified ? obj.simplified[field] : null;
    const render = html || ((t) => String(t ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]));
    if (!converted || converted === original) return render(original);
    return `<span class="zh"><span class="zh-simp">${render(converted)}</span><span class="zh-orig" hidden>${render(original)}</span>`
      + `<button type="button" class="zh-toggle" title="原文为繁体字，已转换为简体显示">原文</button></span>`;
  }

  document.addEventListener("click", (ev) => {
    const button = ev.target.closest && ev.target.closest(".zh-toggle");
    if (!button) return;
    ev.preventDefault();
    ev.stopPropagation();
    const box = button.closest(".zh");
    const showOriginal = !box.classList.contains("showing-original");
    box.classList.toggle("showing-original", showOriginal);
    box.querySelector(".zh-simp").hidden = showOriginal;
    box.querySelector(".zh-orig").hidden = !showOriginal;
    button.textContent = showOriginal ? "简体" : "原文";
  });

  return { ApiError, fromResponse, chinese, errorHtml, loadingHtml, zh };
})();
