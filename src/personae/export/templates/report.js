/* personae report: reads the inlined JSON and draws the cast, network, timelines, arcs and the text.
   No request leaves the page: every library and datum is inlined. */
(function () {
  "use strict";
  const T0 = performance.now();
  const D = JSON.parse(document.getElementById("personae-data").textContent);
  let TEXT = null; // chapter HTML, parsed on first use (it is the bulk of the file)
  let selected = null; // the character whose lines are highlighted
  const $ = (id) => document.getElementById(id);
  const el = (tag, attrs, ...kids) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "text") e.textContent = v; else if (k === "html") e.innerHTML = v; else e.setAttribute(k, v === true ? "" : v);
    }
    for (const k of kids) if (k !== null && k !== undefined) e.append(k);
    return e;
  };
  const byId = new Map(D.characters.map((c) => [c.id, c]));
  const nameOf = (id) => (byId.get(id) || { name: id }).name;
  const colourOf = (id) => (byId.get(id) || { color: "#98a2b3" }).color;
  const nCh = Math.max(D.chapters.length, 1);
  const chLabel = (i) => {
    const c = D.chapters[i];
    return c && c.title ? `${i + 1}. ${c.title}` : `Chapter ${i + 1}`;
  };
  const REL_COLOURS = {
    romantic: "#d6336c", family: "#2f9e44", friendship: "#1c7ed6", hostile: "#e03131",
    professional: "#7048e8", acquaintance: "#868e96", conversation: "#c3c8cf",
  };
  const dot = (c) => el("span", { class: "dot", style: `background:${c}`, "aria-hidden": "true" });
  const esc = (s) => String(s).replace(/[&<>"]/g, (m) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[m]));

  // ---- speaker colours as CSS rules, so lazily inserted chapters are coloured without per-node work
  const rules = [];
  for (const c of D.characters) {
    const id = CSS.escape(c.id);
    rules.push(`.q[data-sp="${id}"]{--sp:${c.color}}`, `.q[data-ad^="${id} "],.q[data-ad="${id}"]{--ad:${c.color}}`);
  }
  document.head.append(el("style", { text: rules.join("\n") }));

  // ---- header
  $("stats").textContent = [
    `${D.words.toLocaleString()} words`, `${nCh} chapter${nCh === 1 ? "" : "s"}`, `${D.characters.length} characters`,
    `${D.quotes.toLocaleString()} quotes` + (D.quotes ? ` (${Math.round((100 * D.attributed) / D.quotes)}% attributed)` : ""),
    `${D.relations.length} relationships`,
  ].join(" · ");

  // AO3-style tags, as a fan would write them for the work.
  const tags = [...(D.tags.relationships || []), ...(D.tags.characters || [])];
  if (tags.length) {
    $("tags").hidden = false;
    $("tags").append(el("span", { class: "visually-hidden", text: "Tags: " }), ...tags.map((t) => el("span", { class: "tag", text: t })));
  }

  // ---- cast
  const CAST_FIRST = 25;
  const maxShare = Math.max(0.0001, ...D.characters.map((c) => c.share));
  function castRow(c) {
    const btn = el("button", { type: "button", class: "who", "data-char": c.id, "aria-pressed": String(c.id === selected), "aria-label": `Highlight ${c.name}'s lines` }, dot(c.color), c.name);
    btn.addEventListener("click", () => select(c.id));
    const bar = el("div", { class: "bar", role: "img", "aria-label": `${(100 * c.share).toFixed(1)}% of the dialogue` },
      el("span", { style: `width:${(100 * c.share) / maxShare}%;background:${c.color}` }));
    return el("tr", { "data-char": c.id },
      el("td", {}, btn),
      el("td", { class: "aliases", text: c.aliases.join(", ") }),
      el("td", { text: { F: "female", M: "male", X: "non-binary", U: "unknown" }[c.gender] || c.gender }),
      el("td", {}, el("span", { class: `imp ${c.importance}`, text: c.importance })),
      el("td", { class: "num", text: c.lines.toLocaleString() }),
      el("td", {}, el("div", { class: "share" }, bar, el("small", { text: `${(100 * c.share).toFixed(1)}%` }))));
  }
  const castBody = $("cast-body");
  D.characters.slice(0, CAST_FIRST).forEach((c) => castBody.append(castRow(c)));
  if (!D.characters.length) castBody.append(el("tr", {}, el("td", { colspan: 6, class: "empty", text: "No characters were found." })));
  if (D.characters.length > CAST_FIRST) {
    const more = $("cast-more");
    more.hidden = false;
    more.textContent = `Show all ${D.characters.length} characters`;
    more.addEventListener("click", () => {
      D.characters.slice(CAST_FIRST).forEach((c) => castBody.append(castRow(c)));
      more.hidden = true;
    });
  }

  // ---- network
  const slider = $("chapter-slider");
  // Positions 1..nCh are chapters; one more is the whole story (the default view).
  const WHOLE = nCh;
  slider.max = String(nCh + 1);
  slider.value = String(nCh + 1);
  if (nCh === 1) { slider.disabled = true; document.querySelector(".net-controls").hidden = true; }
  const netNodes = new Set(D.network.nodes);
  const maxProm = Math.max(1, ...D.characters.filter((c) => netNodes.has(c.id)).map((c) => c.prominence));
  const edgeTotals = D.network.edges.map((e) => e.conv.reduce((a, b) => a + b, 0));
  const maxConv = Math.max(1, ...edgeTotals);
  const info = $("net-info");
  let cy = null;

  function stateAt(rel, k) {
    let s = null;
    for (const t of rel.timeline) if (t.ch <= k) s = t; else break;
    return s;
  }
  // Evidence text marks its span with ‹ ›: shown as <mark>, built as DOM so the story text stays text.
  function evidence(textWithSpan, ch) {
    const q = el("blockquote", {});
    const m = /^(.*?)‹(.*)›(.*)$/s.exec(textWithSpan);
    if (m) q.append(m[1], el("mark", { text: m[2] }), m[3]); else q.append(textWithSpan);
    if (ch !== undefined) q.append(el("small", { text: ` — ch. ${ch + 1}` }));
    return q;
  }
  function edgeInfo(e, k) {
    const conv = e.conv.slice(0, k + 1).reduce((a, b) => a + b, 0);
    const box = el("div", {});
    box.append(el("h3", {}, dot(colourOf(e.a)), nameOf(e.a), " — ", dot(colourOf(e.b)), nameOf(e.b)));
    box.append(el("p", { text: `${conv} quote${conv === 1 ? "" : "s"} between them${k === WHOLE ? "" : ` up to chapter ${k + 1}`}.` }));
    for (const r of e.rels) {
      const st = stateAt(r, k);
      box.append(el("p", {}, el("strong", { style: `color:${REL_COLOURS[r.type] || "#333"}`, text: r.type }),
        r.detail ? ` (${r.detail})` : "", r.directed ? ` ${nameOf(r.a)} → ${nameOf(r.b)}` : "",
        ` · confidence ${r.confidence.toFixed(2)}`, st ? ` · ${st.state} (ch. ${st.ch + 1})` : ""));
      for (const ev of r.evidence.slice(0, 3)) box.append(evidence(ev.text, nCh > 1 ? ev.ch : undefined));
      if (st) for (const ev of st.evidence) box.append(evidence(ev, nCh > 1 ? st.ch : undefined));
    }
    if (!e.rels.length) box.append(el("p", { class: "hint", text: "No relationship found; linked by conversation only." }));
    return box;
  }
  function nodeInfo(id) {
    const c = byId.get(id);
    return el("div", {}, el("h3", {}, dot(c.color), c.name),
      c.aliases.length ? el("p", { text: `Also: ${c.aliases.join(", ")}` }) : null,
      el("p", { text: `${c.importance}, ${c.lines} lines, ${(100 * c.share).toFixed(1)}% of the dialogue, ${c.mentions} mentions; first seen in chapter ${c.first + 1}.` }));
  }

  function buildNetwork() {
    const elements = [];
    const n = D.network.nodes.length;
    if (!n) {
      $("cy").classList.add("is-empty");
      $("cy").append(el("p", { class: "empty cy-empty", text: "No characters were found, so there is no network to draw." }));
      document.documentElement.dataset.network = "rendered";
      window.personae.timings.network = performance.now() - T0;
      setChapter(WHOLE);
      return;
    }
    D.network.nodes.forEach((id, i) => {
      const c = byId.get(id);
      // A deterministic start (a circle in prominence order): the same data always gives the same picture.
      const ang = (2 * Math.PI * i) / Math.max(n, 1);
      elements.push({
        group: "nodes", data: { id, label: c.name, color: c.color, size: 18 + 52 * Math.sqrt(c.prominence / maxProm) },
        position: { x: 300 * Math.cos(ang), y: 300 * Math.sin(ang) },
      });
    });
    D.network.edges.forEach((e, i) => {
      const type = e.rels.length ? e.rels[0].type : "conversation";
      elements.push({ group: "edges", data: { id: `e${i}`, source: e.a, target: e.b, idx: i, color: REL_COLOURS[type] || "#999", width: 2, rel: e.rels.length ? 1 : 0 } });
    });
    cy = cytoscape({
      container: $("cy"), elements, minZoom: 0.2, maxZoom: 3,
      style: [
        { selector: "node", style: { "background-color": "data(color)", width: "data(size)", height: "data(size)", label: "data(label)",
          "font-size": 11, "font-family": "system-ui, sans-serif", "text-valign": "bottom", "text-margin-y": 3, color: "#222",
          "text-outline-color": "#fff", "text-outline-width": 2, "border-width": 1, "border-color": "#fff" } },
        { selector: "edge", style: { width: "data(width)", "line-color": "data(color)", "curve-style": "haystack", opacity: 0.75 } },
        { selector: "edge[rel = 0]", style: { "line-style": "solid", opacity: 0.5 } },
        { selector: ".off", style: { display: "none" } },
        { selector: "node.quiet", style: { opacity: 0.35 } },
        { selector: "node.sel", style: { "border-width": 4, "border-color": "#111" } },
        { selector: "edge.sel", style: { opacity: 1 } },
        { selector: ".faded", style: { opacity: 0.12 } },
      ],
      layout: { name: "preset" },
    });
    const done = () => {
      cy.fit(undefined, 30);
      // Labels at a readable size on screen whatever zoom the fit chose (a big cast is drawn small).
      const z = cy.zoom();
      cy.style().selector("node").style({ "font-size": 11 / z, "text-outline-width": 2 / z, "text-margin-y": 3 / z }).update();
      document.documentElement.dataset.network = "rendered";
      window.personae.timings.network = performance.now() - T0;
    };
    if (n > 1) {
      const lay = cy.layout({ name: "cose", animate: false, randomize: false, nodeRepulsion: () => 9000, idealEdgeLength: () => 90,
        edgeElasticity: () => 80, gravity: 0.6, numIter: n > 80 ? 400 : 1000, nodeDimensionsIncludeLabels: true, fit: true, padding: 30,
        // Spread over the canvas's own shape (wide on a laptop, tall on a phone), not a square.
        boundingBox: { x1: 0, y1: 0, w: $("cy").clientWidth || 800, h: $("cy").clientHeight || 560 } });
      lay.one("layoutstop", done);
      lay.run();
    } else done();
    const tipHide = () => { tip.hidden = true; };
    cy.on("mouseover tap", "edge", (ev) => { info.replaceChildren(edgeInfo(D.network.edges[ev.target.data("idx")], chapter)); });
    cy.on("mouseover", "node", (ev) => { info.replaceChildren(nodeInfo(ev.target.id())); });
    cy.on("tap", "node", (ev) => select(ev.target.id()));
    cy.on("mouseout", tipHide);
    setChapter(WHOLE);
  }

  let chapter = WHOLE;
  let convThreshold = 1;
  function setChapter(k) {
    k = Math.max(0, Math.min(WHOLE, k));
    chapter = k;
    slider.value = String(k + 1);
    slider.setAttribute("aria-valuetext", k === WHOLE ? "Whole story" : chLabel(k));
    $("slider-value").textContent = nCh === 1 ? "" : k === WHOLE ? "Whole story" : `${chLabel(k)} — network so far; faded: not in this chapter`;
    if (!cy) return;
    cy.batch(() => {
      const convK = D.network.edges.map((e) => e.conv.slice(0, k + 1).reduce((a, b) => a + b, 0));
      const maxK = Math.max(1, ...convK);
      // Two people exchanging a line or two is not a tie: below 2% of the busiest pair's exchanges, a
      // conversation-only edge is hidden, so the network shows the story's structure, not a hairball.
      convThreshold = Math.max(1, Math.round(0.02 * maxK));
      const seen = new Set();
      D.network.edges.forEach((e, i) => {
        const edge = cy.getElementById(`e${i}`);
        const known = e.rels.some((r) => r.first <= k);
        const on = convK[i] >= convThreshold || known;
        edge.toggleClass("off", !on);
        if (on) { seen.add(e.a); seen.add(e.b); }
        const rel = e.rels.find((r) => r.first <= k);
        edge.data("color", REL_COLOURS[rel ? rel.type : "conversation"]);
        edge.data("rel", rel ? 1 : 0);
        edge.data("width", convK[i] > 0 ? 1.5 + 9 * Math.sqrt(convK[i] / maxK) : 1.5);
      });
      cy.nodes().forEach((node) => {
        const c = byId.get(node.id());
        const appeared = c.first <= k || seen.has(c.id);
        node.toggleClass("off", !appeared);
        node.toggleClass("quiet", k !== WHOLE && appeared && !(c.active[k] > 0));
      });
    });
    document.documentElement.dataset.chapter = String(k);
    $("conv-note").textContent = convThreshold > 1 ? `conversation only (shown from ${convThreshold} quotes)` : "conversation only";
  }
  slider.addEventListener("input", () => setChapter(Number(slider.value) - 1));

  const legend = $("legend");
  for (const t of [...D.relationTypes, "conversation"]) {
    legend.append(el("li", {}, el("i", { style: `background:${REL_COLOURS[t]}` }), t === "conversation" ? el("span", { id: "conv-note", text: "conversation only" }) : t));
  }
  legend.append(el("li", { text: `thicker = more quotes between them${nCh > 1 ? "; faded = not in this chapter" : ""}` }));

  // ---- relationship timelines
  function timelines() {
    const box = $("timelines");
    if (!D.relations.length) { box.append(el("p", { class: "empty", text: "No relationships in this analysis." })); return; }
    const grid = el("div", { class: "tl" });
    const palette = ["#a5d8ff", "#ffc9c9", "#b2f2bb", "#ffec99", "#d0bfff", "#99e9f2", "#ffd8a8", "#eebefa"];
    // One colour per state across all pairs, so "broken up" looks the same wherever it appears.
    const states = [...new Set(D.relations.flatMap((r) => r.timeline.map((t) => t.state)))];
    const colourFor = (s) => palette[states.indexOf(s) % palette.length];
    for (const r of D.relations) {
      grid.append(el("div", { class: "tl-pair" }, dot(colourOf(r.a)), `${nameOf(r.a)} ${r.directed ? "→" : "&"} `, dot(colourOf(r.b)), nameOf(r.b),
        el("small", { style: `color:${REL_COLOURS[r.type]}`, text: `${r.type}${r.detail ? ` · ${r.detail}` : ""} · ${r.confidence.toFixed(2)}` })));
      const strip = el("div", { class: "tl-strip", role: "list", "aria-label": `Timeline of ${nameOf(r.a)} and ${nameOf(r.b)}` });
      const maxConv = Math.max(1, ...r.conv);
      let prev = null;
      for (let k = 0; k < nCh; k++) {
        const st = stateAt(r, k);
        const n = r.conv[k] || 0;
        const label = `${chLabel(k)}: ${st ? st.state : "—"}, ${n} quote${n === 1 ? "" : "s"} between them` +
          (st && st.ch === k && st.evidence.length ? ` — “${st.evidence[0]}”` : "");
        const cell = el("span", { role: "listitem", title: label, "aria-label": label, class: st && st.state !== prev ? "change" : null,
          style: `background:${st ? colourFor(st.state) : "transparent"}` });
        if (n) cell.append(el("i", { style: `height:${Math.max(12, (100 * n) / maxConv)}%;background:${REL_COLOURS[r.type]}` }));
        strip.append(cell);
        prev = st ? st.state : null;
      }
      grid.append(strip);
      const evs = [...r.evidence.map((e) => [e.text, e.ch]), ...r.timeline.flatMap((t) => t.evidence.map((x) => [x, t.ch]))];
      if (evs.length) {
        const det = el("details", { class: "tl-evidence" }, el("summary", { text: `Evidence (${evs.length})` }));
        for (const [t, ch] of evs) det.append(evidence(t, nCh > 1 ? ch : undefined));
        grid.append(det);
      }
      // The changes only: a state repeated chapter after chapter is said once, where it begins.
      const changes = r.timeline.filter((t, i) => i === 0 || t.state !== r.timeline[i - 1].state);
      if (changes.length) {
        grid.append(el("div", { class: "tl-states" }, ...changes.map((t, i) =>
          el("span", {}, i ? "→ " : "", el("i", { class: "dot", style: `background:${colourFor(t.state)}` }), ` ${t.state}${nCh > 1 ? ` (${chLabel(t.ch)})` : ""}`))));
      }
    }
    grid.append(el("div", {}), el("div", { class: "tl-axis" }, el("span", { text: "chapter 1" }),
      el("span", { text: "bars: quotes between the two in each chapter; colours: the state of the relationship" }), el("span", { text: `chapter ${nCh}` })));
    box.append(grid);
  }

  // ---- arcs: the story through the text, per chapter with the main characters, or (one chapter)
  // each character's overall valence. Only what the analysis holds is drawn.
  function lineChart(box, xs, series, data, xLabel, incrs) {
    const width = () => Math.max(260, box.clientWidth - 16);
    const plot = new uPlot({
      width: width(), height: 300, series, scales: { x: { time: false } },
      axes: [{ label: xLabel, incrs }, { label: "valence", size: 56 }],
      cursor: { focus: { prox: 16 } }, focus: { alpha: 0.3 },
    }, [xs, ...data], box);
    window.addEventListener("resize", () => plot.setSize({ width: width(), height: 300 }));
  }
  function arcs() {
    const box = $("arc-chart");
    const A = D.arcs;
    const chars = D.characters.filter((c) => A.characters[c.id]).slice(0, 8);
    const hint = $("arcs-hint");
    const parts = [];
    const perChapter = nCh > 1 && (A.story || chars.length);
    if (A.time && A.time.length > 2) {
      const sub = el("div", { class: "arc-panel" }, el("h3", { text: "The story through the text" }));
      box.append(sub);
      const xs = A.time.map((_, i) => Math.round((100 * (i + 0.5)) / A.time.length));
      const series = [{ label: "% of the text" }, { label: "smoothed", stroke: "#111", width: 3 }];
      const data = [A.time];
      if (A.timeRaw && A.timeRaw.length === A.time.length) { series.push({ label: "raw", stroke: "#adb5bd", width: 1 }); data.push(A.timeRaw); }
      lineChart(sub, xs, series, data, "% of the text", [5, 10, 20, 25, 50]);
      parts.push("the story's valence through the text");
    }
    if (perChapter) {
      const sub = el("div", { class: "arc-panel" }, el("h3", { text: "By chapter" }));
      box.append(sub);
      const len = Math.max(A.story ? A.story.length : 0, ...chars.map((c) => A.characters[c.id].length));
      const xs = Array.from({ length: len }, (_, i) => i + 1);
      const pad = (s) => Array.from({ length: len }, (_, i) => (s[i] === undefined ? null : s[i]));
      const series = [{ label: "Chapter" }];
      const data = [];
      if (A.story) { data.push(pad(A.story)); series.push({ label: "Story", stroke: "#111", width: 3 }); }
      for (const c of chars) { data.push(pad(A.characters[c.id])); series.push({ label: c.name, stroke: c.color, width: 1.6, spanGaps: true }); }
      lineChart(sub, xs, series, data, "chapter", [1, 2, 5, 10, 20, 50, 100]);
      parts.push("per chapter, the story's and each main character's");
    }
    const means = D.characters.filter((c) => A.mean[c.id] !== undefined).slice(0, 12);
    if (!perChapter && means.length) {
      const sub = el("div", { class: "arc-panel" }, el("h3", { text: "Each character's valence (what they say and the narration around them)" }));
      const lim = Math.max(0.05, ...means.map((c) => Math.abs(A.mean[c.id])));
      const list = el("div", { class: "means" });
      for (const c of means) {
        const v = A.mean[c.id];
        const w = (50 * Math.abs(v)) / lim;
        list.append(el("span", { class: "mean-name" }, dot(c.color), c.name),
          el("span", { class: "mean-bar", role: "img", "aria-label": `${c.name}: ${v.toFixed(2)}` },
            el("i", { style: `left:${v < 0 ? 50 - w : 50}%;width:${w}%;background:${c.color}` })),
          el("small", { text: (v > 0 ? "+" : "") + v.toFixed(2) }));
      }
      sub.append(list);
      box.append(sub);
      parts.push("each character's overall valence");
    }
    if (!parts.length) { hint.textContent = "No arcs in this analysis."; box.hidden = true; return; }
    hint.textContent = `Valence (how positive the language is, from −1 to +1): ${parts.join("; ")}.`;
    if (A.shape && A.shape.label) hint.textContent += ` The story's shape: ${A.shape.label}${A.shape.fit != null ? ` (fit ${A.shape.fit.toFixed(2)})` : ""}.`;
  }

  // ---- selection: one character highlighted everywhere
  function applyHighlight() {
    const reader = $("reader");
    reader.querySelectorAll(".q.hl, .q.hl-to").forEach((q) => q.classList.remove("hl", "hl-to"));
    reader.classList.toggle("dim", !!selected);
    if (!selected) return 0;
    const id = CSS.escape(selected);
    const mine = reader.querySelectorAll(`.q[data-sp="${id}"]`);
    mine.forEach((q) => q.classList.add("hl"));
    reader.querySelectorAll(`.q[data-ad~="${id}"]`).forEach((q) => q.classList.add("hl-to"));
    return new Set([...mine].map((q) => q.dataset.q)).size; // quotes, not their pieces
  }
  function select(id) {
    selected = selected === id ? null : id;
    renderSelection();
  }
  function renderSelection() {
    document.querySelectorAll("tr[data-char]").forEach((tr) => tr.classList.toggle("selected", tr.dataset.char === selected));
    document.querySelectorAll("button.who").forEach((b) => b.setAttribute("aria-pressed", String(b.dataset.char === selected)));
    if (cy) cy.batch(() => {
      cy.elements().removeClass("sel faded");
      if (selected) {
        const n = cy.getElementById(selected);
        if (n.nonempty()) { const hood = n.closedNeighborhood(); cy.elements().not(hood).addClass("faded"); n.addClass("sel"); hood.edges().addClass("sel"); }
      }
    });
    const bar = $("selection");
    const count = applyHighlight();
    if (!selected) { bar.hidden = true; updateChapterOptions(); return; }
    const c = byId.get(selected);
    $("selection-chip").replaceChildren(dot(c.color), c.name);
    const where = perChapter(selected);
    const chs = where.map((n, i) => (n ? i : -1)).filter((i) => i >= 0);
    $("selection-text").textContent = nCh === 1 ? ` · ${c.lines} lines, highlighted in the text` :
      ` · ${c.lines} lines in all, ${count} in this chapter` + (chs.length ? ` · speaks in ${chs.length} chapter${chs.length === 1 ? "" : "s"} (marked ● in the chapter list)` : "");
    bar.hidden = false;
    updateChapterOptions();
  }
  $("selection-clear").addEventListener("click", () => select(selected));

  // Lines per chapter for a speaker, counted from the chapter HTML without building DOM.
  const perChapterCache = new Map();
  function perChapter(id) {
    if (!perChapterCache.has(id)) {
      // The page's own markup puts data-q, data-t, data-sp in that order; count distinct quotes.
      const idRe = esc(id).replace(/[.*+?^$()|[\]\\{}]/g, "\\$&");
      const re = new RegExp('data-q="([^"]*)" data-t="." data-sp="' + idRe + '"', "g");
      perChapterCache.set(id, text().map((h) => new Set([...h.matchAll(re)].map((m) => m[1])).size));
    }
    return perChapterCache.get(id);
  }

  // ---- the reader: one chapter at a time, inserted when opened
  const chSel = $("chapter-select");
  const scSel = $("scene-select");
  let current = -1;
  function text() {
    if (!TEXT) TEXT = JSON.parse(document.getElementById("personae-text").textContent);
    return TEXT;
  }
  function updateChapterOptions() {
    const where = selected ? perChapter(selected) : null;
    [...chSel.options].forEach((o, i) => {
      o.textContent = `${where && where[i] ? "● " : ""}${chLabel(i)} (${D.chapters[i] ? D.chapters[i].quotes : 0} quotes${where && where[i] ? `, ${where[i]} by ${nameOf(selected)}` : ""})`;
    });
  }
  D.chapters.forEach((c, i) => chSel.append(el("option", { value: i, text: chLabel(i) })));
  updateChapterOptions();
  function openChapter(i, sceneIndex) {
    i = Math.max(0, Math.min(nCh - 1, i));
    if (i !== current) {
      const reader = $("reader");
      reader.innerHTML = `<h3>${esc(chLabel(i))}</h3>` + (text()[i] || "");
      current = i;
      chSel.value = String(i);
      scSel.replaceChildren(...Array.from({ length: Math.max(1, D.chapters[i] ? D.chapters[i].scenes : 1) }, (_, s) => el("option", { value: s, text: `Scene ${s + 1}` })));
      scSel.disabled = scSel.options.length < 2;
      for (const b of ["prev-ch", "prev-ch2"]) $(b).disabled = i === 0;
      for (const b of ["next-ch", "next-ch2"]) $(b).disabled = i === nCh - 1;
      applyHighlight();
      if (selected) renderSelection(); // the bar counts lines in the open chapter
    }
    if (sceneIndex) {
      const hr = document.getElementById(`ch${i}-s${sceneIndex}`);
      if (hr) hr.scrollIntoView({ block: "start" });
    }
  }
  chSel.addEventListener("change", () => { openChapter(Number(chSel.value)); $("reader").focus({ preventScroll: true }); });
  scSel.addEventListener("change", () => openChapter(current, Number(scSel.value)));
  const step = (d) => () => { openChapter(current + d); $("text").scrollIntoView({ block: "start" }); };
  $("prev-ch").addEventListener("click", step(-1)); $("prev-ch2").addEventListener("click", step(-1));
  $("next-ch").addEventListener("click", step(1)); $("next-ch2").addEventListener("click", step(1));

  // Who speaks to whom: a tooltip on hover and on keyboard focus.
  const tip = $("tip");
  function showTip(q, x, y) {
    const sp = q.dataset.sp, ad = (q.dataset.ad || "").split(" ").filter(Boolean);
    const who = sp ? `<span class="dot" style="background:${colourOf(sp)}"></span>${esc(nameOf(sp))}` : "<em>unattributed</em>";
    const to = ad.length ? ad.map((a) => `<span class="dot" style="background:${colourOf(a)}"></span>${esc(nameOf(a))}`).join(", ") : "<em>no one in particular</em>";
    const kind = { e: "explicit", a: "anaphoric", i: "implicit" }[q.dataset.t] || "";
    tip.innerHTML = `${who} → ${to}<br><small>${kind}</small>`;
    tip.hidden = false;
    const w = tip.offsetWidth, h = tip.offsetHeight;
    tip.style.left = `${Math.min(window.innerWidth - w - 8, Math.max(8, x - w / 2))}px`;
    tip.style.top = `${y - h - 10 < 0 ? y + 24 : y - h - 10}px`;
  }
  const reader = $("reader");
  reader.addEventListener("mouseover", (ev) => {
    const q = ev.target.closest(".q");
    if (!q) return;
    const qid = q.dataset.q;
    reader.querySelectorAll(`.q[data-q="${CSS.escape(qid)}"]`).forEach((x) => x.classList.add("hover"));
    showTip(q, ev.clientX, ev.clientY);
  });
  reader.addEventListener("mouseout", (ev) => {
    const q = ev.target.closest(".q");
    if (!q) return;
    reader.querySelectorAll(".q.hover").forEach((x) => x.classList.remove("hover"));
    tip.hidden = true;
  });
  reader.addEventListener("click", (ev) => { const q = ev.target.closest(".q[data-sp]"); if (q) select(q.dataset.sp); });
  // Keyboard: with the text focused, j/k move between quotes (each then shows its tooltip).
  reader.addEventListener("keydown", (ev) => {
    if (ev.key !== "j" && ev.key !== "k") return;
    const qs = [...reader.querySelectorAll(selected ? ".q.hl" : ".q")];
    if (!qs.length) return;
    const at = qs.indexOf(document.activeElement);
    const next = qs[ev.key === "j" ? Math.min(qs.length - 1, at + 1) : Math.max(0, at - 1)];
    next.focus();
    const r = next.getBoundingClientRect();
    showTip(next, r.left + r.width / 2, r.top);
    ev.preventDefault();
  });
  reader.addEventListener("focusout", () => { tip.hidden = true; });

  // Sticky bars sit just under the sticky header, whatever height the header wraps to.
  // A scene opened from the scene list starts below both sticky bars (header and reader controls).
  const header = document.querySelector("header.top");
  const controls = document.querySelector(".reader-controls");
  const stickyHeight = (e) => (getComputedStyle(e).position === "sticky" ? `${e.offsetHeight}px` : "0px");
  const headerHeight = () => {
    document.documentElement.style.setProperty("--head-h", stickyHeight(header));
    document.documentElement.style.setProperty("--controls-h", stickyHeight(controls));
  };
  headerHeight();
  window.addEventListener("resize", headerHeight);

  window.personae = {
    data: D, timings: {}, setChapter, select, openChapter,
    get cy() { return cy; }, get selected() { return selected; }, get chapter() { return chapter; },
  };

  // Draw what the reader sees first, then the rest when the browser is idle.
  buildNetwork();
  const later = window.requestIdleCallback || ((f) => setTimeout(f, 1));
  later(() => {
    timelines();
    arcs();
    openChapter(0);
    window.personae.timings.ready = performance.now() - T0;
    document.documentElement.dataset.ready = "1";
  });
})();
