// The network page: draws the nodes and links laid out in Python on one canvas, and
// answers pan, zoom, hover, search, type filters and clicks (side panel of facts and sources).
// Written for this project; no library.  Data: the JSON block #graph-data (see kg/viz/html.py).
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("graph-data").textContent);
  const canvas = document.getElementById("network");
  const ctx = canvas.getContext("2d");
  const tip = document.getElementById("tip");
  const panel = document.getElementById("panel");
  const search = document.getElementById("search");
  const matchList = document.getElementById("matches");
  const FONT = '12px "DejaVu Sans", system-ui, sans-serif';
  const MAX_LABELS = 300;
  const MAX_SCREEN_RADIUS = 36;

  // --- the graph in typed arrays -------------------------------------------------------------
  const count = data.nodes.length;
  const X = new Float64Array(count), Y = new Float64Array(count), R = new Float64Array(count);
  const DEGREE = new Float64Array(count), CENTRALITY = new Float64Array(count), TYPE = new Int32Array(count);
  const LABEL = new Array(count), FOLDED = new Array(count), WIDTH = new Float64Array(count);
  data.nodes.forEach((n, i) => {
    LABEL[i] = n[0]; TYPE[i] = n[1]; X[i] = n[2]; Y[i] = -n[3]; DEGREE[i] = n[4]; CENTRALITY[i] = n[5];
    FOLDED[i] = fold(n[0]);
  });
  const edgeCount = data.edges.length;
  const SOURCE = new Int32Array(edgeCount), TARGET = new Int32Array(edgeCount);
  const WEIGHT = new Float64Array(edgeCount), EDGE_LABEL = new Int32Array(edgeCount), TREE = new Uint8Array(edgeCount);
  const LINK_KIND = new Int32Array(edgeCount);
  const around = Array.from({ length: count }, () => []);
  data.edges.forEach((e, k) => {
    SOURCE[k] = e[0]; TARGET[k] = e[1]; WEIGHT[k] = e[2]; EDGE_LABEL[k] = e[3]; TREE[k] = e[4] ? 1 : 0; LINK_KIND[k] = e[5] || 0;
    around[e[0]].push(k);
    if (e[1] !== e[0]) { around[e[1]].push(k); }
  });
  // (a loop, not Math.max(...array): spreading a very large array overflows the stack)
  const largest = (values, floor) => values.reduce((a, b) => (b > a ? b : a), floor);
  const maxCentrality = largest(CENTRALITY, 1e-9), maxDegree = largest(DEGREE, 1), maxWeight = largest(WEIGHT, 1);
  // most connected first: the order in which labels claim room
  const byImportance = Array.from({ length: count }, (_, i) => i)
    .sort((a, b) => DEGREE[b] - DEGREE[a] || CENTRALITY[b] - CENTRALITY[a] || (LABEL[a] < LABEL[b] ? -1 : 1));

  const hiddenTypes = new Set();
  let sizeBy = "degree";
  let selected = -1, hovered = -1, hoveredEdge = -1;
  let view = { s: 1, tx: 0, ty: 0 }, fitted = { s: 1, tx: 0, ty: 0 }, touched = false;
  let width = 0, height = 0, ratio = 1, pending = false, firstDrawn = false;

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();
  }
  function shown(i) { return !hiddenTypes.has(TYPE[i]); }
  // Radii in pixels at the fitted view; they grow (more slowly than the distances) with the zoom,
  // and start smaller when the fitted view is crowded.
  function sizeNodes() {
    for (let i = 0; i < count; i++) {
      const share = sizeBy === "degree" ? Math.sqrt(DEGREE[i] / maxDegree) : Math.sqrt(CENTRALITY[i] / maxCentrality);
      R[i] = 3.5 + 11 * share;
    }
  }
  // At the fitted view, the discs may cover about a sixth of the canvas at most.
  let crowd = 1;
  function measureCrowd() {
    let shownCount = 0;
    for (let i = 0; i < count; i++) { if (shown(i)) { shownCount++; } }
    const perNode = (width * height) / Math.max(1, shownCount);
    crowd = Math.min(1, Math.max(0.25, Math.sqrt((0.16 * perNode) / Math.PI) / 6));
  }
  function screenRadius(i) {
    const zoom = Math.min(4, Math.max(0.5, Math.sqrt(view.s / fitted.s)));
    return Math.min(MAX_SCREEN_RADIUS, Math.max(1.5, R[i] * crowd * zoom));
  }
  function edgeWidth(k) { return maxWeight > 1 ? 0.7 + 3.3 * Math.sqrt((WEIGHT[k] - 1) / (maxWeight - 1)) : 0.9; }

  // --- spatial grid for hit tests (positions never change) ---------------------------------
  const CELL = 2;
  const grid = new Map();
  for (let i = 0; i < count; i++) {
    const key = Math.floor(X[i] / CELL) + "," + Math.floor(Y[i] / CELL);
    if (!grid.has(key)) { grid.set(key, []); }
    grid.get(key).push(i);
  }
  function nodeAt(px, py) {
    const wx = (px - view.tx) / view.s, wy = (py - view.ty) / view.s;
    const reach = (MAX_SCREEN_RADIUS + 4) / view.s;
    let best = -1, bestDistance = Infinity;
    const x0 = Math.floor((wx - reach) / CELL), x1 = Math.floor((wx + reach) / CELL);
    const y0 = Math.floor((wy - reach) / CELL), y1 = Math.floor((wy + reach) / CELL);
    if ((x1 - x0) * (y1 - y0) > 40000) { return linearNodeAt(px, py); }
    for (let cx = x0; cx <= x1; cx++) {
      for (let cy = y0; cy <= y1; cy++) {
        for (const i of grid.get(cx + "," + cy) || []) {
          if (!shown(i)) { continue; }
          const d = Math.hypot(X[i] * view.s + view.tx - px, Y[i] * view.s + view.ty - py);
          if (d <= screenRadius(i) + 3 && d < bestDistance) { best = i; bestDistance = d; }
        }
      }
    }
    return best;
  }
  function linearNodeAt(px, py) {
    let best = -1, bestDistance = Infinity;
    for (let i = 0; i < count; i++) {
      if (!shown(i)) { continue; }
      const d = Math.hypot(X[i] * view.s + view.tx - px, Y[i] * view.s + view.ty - py);
      if (d <= screenRadius(i) + 3 && d < bestDistance) { best = i; bestDistance = d; }
    }
    return best;
  }
  function edgeAt(px, py) {
    let best = -1, bestDistance = 5;
    for (let k = 0; k < edgeCount; k++) {
      if (!shown(SOURCE[k]) || !shown(TARGET[k])) { continue; }
      const points = edgePoints(k);
      for (let p = 0; p + 3 < points.length; p += 2) {
        const ax = points[p], ay = points[p + 1], bx = points[p + 2], by = points[p + 3];
        if (px < Math.min(ax, bx) - 5 || px > Math.max(ax, bx) + 5 || py < Math.min(ay, by) - 5 || py > Math.max(ay, by) + 5) {
          continue;
        }
        const dx = bx - ax, dy = by - ay, length2 = dx * dx + dy * dy;
        const t = length2 ? Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / length2)) : 0;
        const d = Math.hypot(ax + t * dx - px, ay + t * dy - py);
        if (d < bestDistance) { best = k; bestDistance = d; }
      }
    }
    return best;
  }
  // Screen points of a link: a straight line, or for the outline of the org chart an elbow
  // down the parent's column and across to the child.
  function edgePoints(k) {
    const a = SOURCE[k], b = TARGET[k];
    const ax = X[a] * view.s + view.tx, ay = Y[a] * view.s + view.ty;
    const bx = X[b] * view.s + view.tx, by = Y[b] * view.s + view.ty;
    return TREE[k] ? [bx, by, bx, ay, ax, ay] : [ax, ay, bx, by];
  }

  // --- view ------------------------------------------------------------------------------------
  function resize() {
    const box = canvas.getBoundingClientRect();
    ratio = window.devicePixelRatio || 1;
    width = Math.max(1, box.width); height = Math.max(1, box.height);
    canvas.width = Math.round(width * ratio); canvas.height = Math.round(height * ratio);
    fit(!touched);
  }
  function fit(apply) {
    let left = Infinity, right = -Infinity, top = Infinity, bottom = -Infinity;
    for (let i = 0; i < count; i++) {
      if (!shown(i)) { continue; }
      left = Math.min(left, X[i]); right = Math.max(right, X[i]); top = Math.min(top, Y[i]); bottom = Math.max(bottom, Y[i]);
    }
    if (left === Infinity) { left = right = top = bottom = 0; }
    const pad = 40;
    // the org chart writes labels to the right of its nodes: leave them room
    if (data.kind === "org") {
      for (let i = 0; i < count; i++) { if (shown(i)) { right = Math.max(right, X[i] + 0.34 * LABEL[i].length); } }
    }
    const s = Math.min(80, (width - 2 * pad) / Math.max(right - left, 1e-6), (height - 2 * pad) / Math.max(bottom - top, 1e-6));
    fitted = { s: s, tx: width / 2 - (left + right) / 2 * s, ty: height / 2 - (top + bottom) / 2 * s };
    if (apply) { view = Object.assign({}, fitted); }
    measureCrowd();
    schedule();
  }
  function zoomAt(px, py, factor) {
    const s = Math.min(400, Math.max(fitted.s / 8, view.s * factor));
    view.tx = px - (px - view.tx) * (s / view.s);
    view.ty = py - (py - view.ty) * (s / view.s);
    view.s = s; touched = true;
    schedule();
  }
  function schedule() {
    if (!pending) { pending = true; window.requestAnimationFrame(draw); }
  }

  // --- drawing ---------------------------------------------------------------------------------
  function draw() {
    pending = false;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    const onScreen = (i, margin) => {
      const x = X[i] * view.s + view.tx, y = Y[i] * view.s + view.ty;
      return x > -margin && x < width + margin && y > -margin && y < height + margin;
    };
    const focus = selected >= 0 ? selected : hovered;
    // links, one path per line width
    const buckets = new Map();
    let drawnEdges = 0, treeEdges = 0;
    for (let k = 0; k < edgeCount; k++) {
      const a = SOURCE[k], b = TARGET[k];
      if (!shown(a) || !shown(b)) { continue; }
      const ax = X[a] * view.s + view.tx, ay = Y[a] * view.s + view.ty;
      const bx = X[b] * view.s + view.tx, by = Y[b] * view.s + view.ty;
      if (Math.max(ax, bx) < 0 || Math.min(ax, bx) > width || Math.max(ay, by) < 0 || Math.min(ay, by) > height) { continue; }
      if (TREE[k]) { treeEdges++; }
      const key = Math.round(edgeWidth(k) * 2) / 2 + "/" + LINK_KIND[k];
      if (!buckets.has(key)) { buckets.set(key, []); }
      buckets.get(key).push(k);
      drawnEdges++;
    }
    ctx.lineCap = "round";
    ctx.strokeStyle = focus >= 0 ? "rgba(120,120,120,0.22)" : "rgba(100,100,100,0.45)";
    for (const edges of buckets.values()) {
      ctx.lineWidth = edgeWidth(edges[0]);
      ctx.setLineDash(dashOf(edges[0]));
      ctx.beginPath();
      for (const k of edges) { segment(k); }
      ctx.stroke();
    }
    ctx.setLineDash([]);
    const arrows = data.directed && drawnEdges - treeEdges > 0 && drawnEdges < 3000 && view.s > 6;
    if (arrows) {
      ctx.fillStyle = focus >= 0 ? "rgba(120,120,120,0.35)" : "rgba(90,90,90,0.7)";
      ctx.beginPath();
      for (const edges of buckets.values()) { for (const k of edges) { arrowHead(k); } }
      ctx.fill();
    }
    // the links of the node in focus, and the link under the pointer, on top
    const strong = focus >= 0 ? around[focus].filter((k) => shown(SOURCE[k]) && shown(TARGET[k])) : [];
    if (hoveredEdge >= 0) { strong.push(hoveredEdge); }
    if (strong.length) {
      ctx.strokeStyle = "rgba(30,30,30,0.85)";
      ctx.fillStyle = "rgba(30,30,30,0.85)";
      for (const k of strong) {
        ctx.lineWidth = edgeWidth(k) + 0.6;
        ctx.setLineDash(dashOf(k));
        ctx.beginPath(); segment(k); ctx.stroke();
        ctx.setLineDash([]);
        if (data.directed) { ctx.beginPath(); arrowHead(k); ctx.fill(); }
      }
    }
    // nodes, one path per type
    const near = new Set(strong.map((k) => (SOURCE[k] === focus ? TARGET[k] : SOURCE[k])));
    data.types.forEach((type, t) => {
      if (hiddenTypes.has(t)) { return; }
      ctx.beginPath();
      for (let i = 0; i < count; i++) {
        if (TYPE[i] !== t || !onScreen(i, MAX_SCREEN_RADIUS)) { continue; }
        const r = screenRadius(i), x = X[i] * view.s + view.tx, y = Y[i] * view.s + view.ty;
        ctx.moveTo(x + r, y);
        ctx.arc(x, y, r, 0, 2 * Math.PI);
      }
      ctx.globalAlpha = focus >= 0 ? 0.55 : 1;
      ctx.fillStyle = type.colour;
      ctx.fill();
      ctx.globalAlpha = 1;
      if (view.s > 8 && count < 3000) { ctx.lineWidth = 1; ctx.strokeStyle = "#fff"; ctx.stroke(); }
    });
    for (const i of [focus, ...near]) {
      if (i < 0 || !shown(i)) { continue; }
      const r = screenRadius(i), x = X[i] * view.s + view.tx, y = Y[i] * view.s + view.ty;
      ctx.beginPath(); ctx.arc(x, y, r, 0, 2 * Math.PI);
      ctx.fillStyle = data.types[TYPE[i]].colour; ctx.fill();
      ctx.lineWidth = i === focus ? 3 : 1.5; ctx.strokeStyle = "#111"; ctx.stroke();
    }
    drawLabels(focus, near, onScreen);
    if (!firstDrawn) {
      firstDrawn = true;
      window.__firstDraw = performance.now();
      document.body.dataset.drawn = "1";
    }
  }
  function dashOf(k) {
    const kind = (data.linkKinds || [])[LINK_KIND[k]];
    return kind && kind.dash ? kind.dash : [];
  }
  function segment(k) {
    const points = edgePoints(k);
    ctx.moveTo(points[0], points[1]);
    for (let p = 2; p < points.length; p += 2) { ctx.lineTo(points[p], points[p + 1]); }
  }
  function arrowHead(k) {
    if (TREE[k]) { return; }  // the outline's indent already says which is the parent
    const a = SOURCE[k], b = TARGET[k];
    const ax = X[a] * view.s + view.tx, ay = Y[a] * view.s + view.ty;
    const bx = X[b] * view.s + view.tx, by = Y[b] * view.s + view.ty;
    const length = Math.hypot(bx - ax, by - ay);
    if (length < 14) { return; }
    const ux = (bx - ax) / length, uy = (by - ay) / length, back = screenRadius(b) + 1;
    const tx = bx - ux * back, ty = by - uy * back, size = 7;
    ctx.moveTo(tx, ty);
    ctx.lineTo(tx - ux * size - uy * size * 0.45, ty - uy * size + ux * size * 0.45);
    ctx.lineTo(tx - ux * size + uy * size * 0.45, ty - uy * size - ux * size * 0.45);
    ctx.closePath();
  }
  function shortLabel(i) { return LABEL[i].length > 48 ? LABEL[i].slice(0, 46) + "…" : LABEL[i]; }
  // Rectangles already claimed on screen, hashed in cells so a check looks at its neighbours only.
  function Occupancy() {
    const SIZE = 48, cells = new Map();
    const keys = (box) => {
      const out = [];
      for (let cx = Math.floor(box[0] / SIZE); cx <= Math.floor(box[2] / SIZE); cx++) {
        for (let cy = Math.floor(box[1] / SIZE); cy <= Math.floor(box[3] / SIZE); cy++) { out.push(cx + "," + cy); }
      }
      return out;
    };
    return {
      add(box, owner) {
        for (const key of keys(box)) {
          if (!cells.has(key)) { cells.set(key, []); }
          cells.get(key).push([box[0], box[1], box[2], box[3], owner]);
        }
      },
      free(box, owner) {
        for (const key of keys(box)) {
          for (const o of cells.get(key) || []) {
            if (o[4] !== owner && !(box[0] > o[2] || box[2] < o[0] || box[1] > o[3] || box[3] < o[1])) { return false; }
          }
        }
        return true;
      },
    };
  }
  function drawLabels(focus, near, onScreen) {
    // the outline of the org chart is drawn row by row: its labels follow the zoom a little
    const size = data.kind === "org" ? Math.max(8, Math.min(13, view.s * 0.55)) : 12;
    const half = size / 2 + 2;
    ctx.font = size === 12 ? FONT : size.toFixed(1) + FONT.slice(FONT.indexOf("px"));
    ctx.textBaseline = "middle";
    ctx.lineJoin = "round";
    const taken = Occupancy();
    // the nodes' discs are obstacles too, so that a label never covers another node
    for (let i = 0; i < count; i++) {
      if (shown(i) && onScreen(i, 0)) {
        const r = screenRadius(i), x = X[i] * view.s + view.tx, y = Y[i] * view.s + view.ty;
        taken.add([x - r, y - r, x + r, y + r], i);
      }
    }
    const order = [focus, ...near, ...matches.slice(0, 10)].filter((i) => i >= 0).concat(byImportance);
    const seen = new Set();
    let placed = 0, tried = 0;
    for (const i of order) {
      if (placed >= MAX_LABELS || tried > 5000) { break; }
      if (seen.has(i) || !shown(i) || !onScreen(i, 0)) { continue; }
      seen.add(i);
      tried++;
      const r = screenRadius(i), x = X[i] * view.s + view.tx, y = Y[i] * view.s + view.ty;
      const text = shortLabel(i);
      const w = WIDTH[i] * size / 12;
      const choices = [[x + r + 3, y], [x - r - 3 - w, y], [x - w / 2, y - r - half - 1], [x - w / 2, y + r + half + 1]];
      for (const [lx, ly] of choices) {
        const box = [lx - 1, ly - half, lx + w + 1, ly + half];
        if (box[0] < 0 || box[2] > width || box[1] < 0 || box[3] > height) { continue; }
        if (!taken.free(box, i)) { continue; }
        taken.add(box, -1);
        ctx.lineWidth = 3; ctx.strokeStyle = "rgba(255,255,255,0.9)"; ctx.strokeText(text, lx, ly);
        ctx.fillStyle = i === focus ? "#000" : "#222"; ctx.fillText(text, lx, ly);
        placed++;
        break;
      }
    }
  }

  // --- tooltips, clicks, panel -----------------------------------------------------------------
  function where(event) {
    const box = canvas.getBoundingClientRect();
    return [event.clientX - box.left, event.clientY - box.top];
  }
  function showTip(text, px, py) {
    tip.textContent = text;
    tip.hidden = false;
    const x = Math.min(px + 14, width - tip.offsetWidth - 4), y = Math.min(py + 14, height - tip.offsetHeight - 4);
    tip.style.left = Math.max(0, x) + "px"; tip.style.top = Math.max(0, y) + "px";
  }
  function edgeText(k) {
    const label = data.edgeLabels[EDGE_LABEL[k]] || "";
    const arrow = data.directed ? " → " : " — ";
    const weight = WEIGHT[k] !== 1 ? " (weight " + WEIGHT[k] + ")" : "";
    return LABEL[SOURCE[k]] + arrow + LABEL[TARGET[k]] + (label ? ": " + label : "") + weight;
  }
  function hover(px, py) {
    const i = nodeAt(px, py);
    const k = i < 0 ? edgeAt(px, py) : -1;
    if (i !== hovered || k !== hoveredEdge) { hovered = i; hoveredEdge = k; schedule(); }
    if (i >= 0) {
      showTip(LABEL[i] + " · " + data.types[TYPE[i]].name + " · " + DEGREE[i] + " link" + (DEGREE[i] === 1 ? "" : "s"), px, py);
    } else if (k >= 0) {
      showTip(edgeText(k), px, py);
    } else {
      tip.hidden = true;
    }
  }
  function element(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined) { node.textContent = text; }
    if (className) { node.className = className; }
    return node;
  }
  function select(i) {
    selected = i;
    schedule();
    if (i < 0) { panel.hidden = true; return; }
    const info = data.info[i] || {};
    panel.replaceChildren();
    const close = element("button", "×", "close");
    close.type = "button"; close.title = "Close"; close.setAttribute("aria-label", "Close");
    close.addEventListener("click", () => select(-1));
    panel.append(close, element("h2", LABEL[i]));
    const links = DEGREE[i] + " link" + (DEGREE[i] === 1 ? "" : "s");
    panel.append(element("p", data.types[TYPE[i]].name + " · " + links + " · centrality " + CENTRALITY[i], "meta"));
    if (info.iri) { panel.append(element("p", info.iri, "iri")); }
    if (info.facts && info.facts.length) {
      panel.append(element("h3", "Facts"));
      const list = element("ul", undefined, "facts");
      for (const fact of info.facts) {
        const item = element("li");
        const cut = fact.indexOf(": ");
        if (cut > 0) { item.append(element("strong", fact.slice(0, cut) + ": "), fact.slice(cut + 2)); } else { item.textContent = fact; }
        list.append(item);
      }
      panel.append(list);
    }
    const edges = around[i];
    if (edges.length) {
      panel.append(element("h3", "Links (" + edges.length + ")"));
      const list = element("ul", undefined, "links");
      for (const k of edges.slice(0, 60)) {
        const other = SOURCE[k] === i ? TARGET[k] : SOURCE[k];
        const item = element("li");
        const go = element("button", LABEL[other]);
        go.type = "button";
        go.addEventListener("click", () => focusNode(other));
        const label = data.edgeLabels[EDGE_LABEL[k]];
        item.append(go, label ? " — " + label : "");
        list.append(item);
      }
      if (edges.length > 60) { list.append(element("li", "… and " + (edges.length - 60) + " more")); }
      panel.append(list);
    }
    panel.append(element("h3", "Sources"));
    const sources = info.sources || [];
    if (!sources.length) { panel.append(element("p", "No source sentence recorded for this node.", "empty-note")); }
    const list = element("ul", undefined, "sources");
    for (const [sentence, article] of sources) {
      const item = element("li");
      item.append(element("blockquote", sentence));
      const [headline, url] = data.articles[article] || ["", ""];
      const cite = element("cite");
      if (url) {
        const link = element("a", headline || url);
        link.href = url; link.target = "_blank"; link.rel = "noopener noreferrer";
        cite.append("— ", link);
      } else {
        cite.textContent = "— " + (headline || "article");
      }
      item.append(cite);
      list.append(item);
    }
    panel.append(list);
    panel.hidden = false;
  }
  function focusNode(i) {
    if (hiddenTypes.has(TYPE[i])) {
      hiddenTypes.delete(TYPE[i]);
      const box = document.querySelector('input[data-type="' + TYPE[i] + '"]');
      if (box) { box.checked = true; }
    }
    const s = Math.max(view.s, Math.min(60, fitted.s * 3));
    // centred in the part of the canvas that the side panel (opening now) leaves free
    const panelWidth = Math.min(416, width * 0.92);
    const freeWidth = width - panelWidth > 200 ? width - panelWidth : width;
    view = { s: s, tx: freeWidth / 2 - X[i] * s, ty: height / 2 - Y[i] * s };
    touched = true;
    select(i);
  }

  // --- search ------------------------------------------------------------------------------------
  let matches = [];
  function findMatches() {
    const wanted = fold(search.value.trim());
    matchList.replaceChildren();
    matches = [];
    if (!wanted) { matchList.hidden = true; schedule(); return; }
    const starts = [], contains = [];
    for (const i of byImportance) {
      const at = FOLDED[i].indexOf(wanted);
      if (at === 0 || FOLDED[i].indexOf(" " + wanted) >= 0) { starts.push(i); } else if (at > 0) { contains.push(i); }
    }
    matches = starts.concat(contains);
    for (const i of matches.slice(0, 15)) {
      const item = element("li");
      const choose = element("button");
      choose.type = "button";
      choose.dataset.node = String(i);
      choose.append(LABEL[i] + " ", element("small", data.types[TYPE[i]].name));
      choose.addEventListener("click", () => { matchList.hidden = true; focusNode(i); });
      item.append(choose);
      matchList.append(item);
    }
    if (!matches.length) { matchList.append(element("li", "no match", "empty-note")); }
    matchList.hidden = false;
    schedule();
  }
  search.addEventListener("input", findMatches);
  search.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && matches.length) { event.preventDefault(); matchList.hidden = true; focusNode(matches[0]); }
    if (event.key === "Escape") { search.value = ""; findMatches(); }
  });

  // --- controls ------------------------------------------------------------------------------------
  for (const box of document.querySelectorAll("input[data-type]")) {
    box.addEventListener("change", () => {
      const t = Number(box.dataset.type);
      if (box.checked) { hiddenTypes.delete(t); } else { hiddenTypes.add(t); }
      if (selected >= 0 && hiddenTypes.has(TYPE[selected])) { select(-1); }
      schedule();
    });
  }
  document.getElementById("size-by").addEventListener("change", (event) => {
    sizeBy = event.target.value; sizeNodes(); schedule();
  });
  document.getElementById("fit").addEventListener("click", () => { touched = false; fit(true); });
  document.getElementById("zoom-in").addEventListener("click", () => zoomAt(width / 2, height / 2, 1.5));
  document.getElementById("zoom-out").addEventListener("click", () => zoomAt(width / 2, height / 2, 1 / 1.5));

  let drag = null;
  canvas.addEventListener("pointerdown", (event) => {
    const [px, py] = where(event);
    drag = { px: px, py: py, tx: view.tx, ty: view.ty, moved: false };
    canvas.setPointerCapture(event.pointerId);
  });
  canvas.addEventListener("pointermove", (event) => {
    const [px, py] = where(event);
    if (!drag) { hover(px, py); return; }
    if (!drag.moved && Math.hypot(px - drag.px, py - drag.py) < 4) { return; }
    drag.moved = true; touched = true;
    canvas.classList.add("dragging");
    tip.hidden = true;
    view.tx = drag.tx + px - drag.px; view.ty = drag.ty + py - drag.py;
    schedule();
  });
  canvas.addEventListener("pointerup", (event) => {
    const [px, py] = where(event);
    if (drag && !drag.moved) { select(nodeAt(px, py)); }
    drag = null;
    canvas.classList.remove("dragging");
  });
  canvas.addEventListener("pointerleave", () => {
    if (hovered >= 0 || hoveredEdge >= 0) { hovered = hoveredEdge = -1; schedule(); }
    tip.hidden = true;
  });
  canvas.addEventListener("wheel", (event) => {
    event.preventDefault();
    const [px, py] = where(event);
    zoomAt(px, py, Math.exp(-event.deltaY * (event.deltaMode === 1 ? 0.05 : 0.0015)));
  }, { passive: false });
  canvas.addEventListener("dblclick", (event) => { const [px, py] = where(event); zoomAt(px, py, 2); });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && document.activeElement !== search) { select(-1); matchList.hidden = true; }
  });
  new ResizeObserver(resize).observe(canvas);

  // A small window on the drawing, for tests and for anyone scripting the page.
  window.kgNetwork = {
    nodeCount: count,
    linkCount: edgeCount,
    visibleCount: () => TYPE.reduce((n, t) => n + (hiddenTypes.has(t) ? 0 : 1), 0),
    // where the node with this label is drawn, in CSS pixels from the canvas' top left
    screenPoint: (label) => {
      const i = LABEL.indexOf(label);
      return i < 0 ? null : [X[i] * view.s + view.tx, Y[i] * view.s + view.ty];
    },
    selected: () => (selected >= 0 ? LABEL[selected] : null),
    // milliseconds to draw one frame now (what each step of a pan or a zoom costs)
    drawTime: () => {
      const started = performance.now();
      draw();
      return performance.now() - started;
    },
  };
  ctx.font = FONT;
  for (let i = 0; i < count; i++) { WIDTH[i] = ctx.measureText(shortLabel(i)).width; }
  sizeNodes();
  resize();
})();
