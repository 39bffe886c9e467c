// The dashboard: fetches the metrics-service's JSON views and fills the tables. No library, no external request.
"use strict";

function cell(row, text, numeric) {
  const td = document.createElement("td");
  td.textContent = text;
  if (numeric) td.className = "num";
  row.appendChild(td);
  return td;
}

function fill(id, rows, emptyText) {
  const body = document.querySelector("#" + id + " tbody");
  body.replaceChildren();
  if (rows.length === 0) {
    const tr = body.insertRow();
    const td = cell(tr, emptyText);
    td.colSpan = document.querySelectorAll("#" + id + " thead th").length;
    td.className = "empty";
    return body;
  }
  for (const r of rows) {
    const tr = body.insertRow();
    r.forEach((v, i) => cell(tr, v, i > 0 && typeof v === "number"));
  }
  return body;
}

function f3(x) {
  return x === null || x === undefined || Number.isNaN(x) ? "–" : Number(x).toFixed(3);
}

async function json(path) {
  const r = await fetch(path, { cache: "no-store" });
  return r.json();
}

async function refresh() {
  const [events, letters, lag, science, experiments] = await Promise.all([
    json("/api/events"), json("/api/dead-letters"), json("/api/consumer-lag"), json("/api/science"),
    json("/api/experiments")]);
  fill("events", Object.entries(events).map(([t, n]) => [t, n]), "no events yet");
  fill("dead-letters", letters.slice(0, 10).map(l => [l.occurredAt, l.sourceTopic, l.errorType, l.cause]),
    "none");
  // per group and topic: the partitions' lags summed (a transactional topic's commit marker can count one)
  const lagRows = [];
  for (const [group, parts] of Object.entries(lag)) {
    const byTopic = new Map();
    for (const p of parts) {
      const t = byTopic.get(p.topic) || { partitions: 0, lag: 0 };
      t.partitions += 1;
      t.lag += p.lag;
      byTopic.set(p.topic, t);
    }
    for (const [topic, t] of byTopic) lagRows.push([group, topic, t.partitions, t.lag]);
  }
  const lagBody = fill("lag", lagRows, "no consumer group has committed yet");
  Array.from(lagBody.rows).forEach((tr, i) => {
    if (lagRows[i] && lagRows[i][3] > lagRows[i][2]) tr.className = "lagging";
  });
  const latest = new Map(science.latest.map(e => [e.model + "|" + e.zoom, e]));
  fill("live", science.live.map(e => {
    const l = latest.get(e.model + "|" + e.zoom);
    return [e.model, e.zoom, e.version, f3(e.macroF1),
      Object.entries(e.classF1).map(([c, f]) => c + " " + f3(f)).join(", "),
      e.trainTargets + " / " + e.testTargets, l ? "v" + l.version + " " + f3(l.macroF1) : "–"];
  }), "no live model yet");
  const featRows = [];
  for (const [zoom, byClass] of Object.entries(science.featurised)) {
    for (const [cls, bySplit] of Object.entries(byClass)) {
      featRows.push([zoom, cls, bySplit.train || 0, bySplit.validation || 0, bySplit.test || 0]);
    }
  }
  fill("featurised", featRows, "no target featurised yet");
  await showExperiments(experiments);
  document.getElementById("refreshed").textContent = new Date().toLocaleTimeString();
}

const shownReports = new Map();

async function showExperiments(experiments) {
  const div = document.getElementById("experiments");
  const names = Object.keys(experiments);
  if (names.length === 0) return;
  for (const name of names) {
    const e = experiments[name];
    if (shownReports.get(name) === e.runId) continue;
    shownReports.set(name, e.runId);
    div.querySelector(".empty")?.remove();
    let box = document.getElementById("exp-" + name);
    if (!box) {
      box = document.createElement("div");
      box.id = "exp-" + name;
      div.appendChild(box);
    }
    box.replaceChildren();
    const h = document.createElement("h3");
    h.textContent = name + " — run " + e.runId;
    box.appendChild(h);
    const t = document.createElement("table");
    t.innerHTML = "<thead><tr><th>model</th><th>mean test macro-F1</th></tr></thead><tbody></tbody>";
    for (const [model, f1] of Object.entries(e.meanMacroF1)) {
      const tr = t.tBodies[0].insertRow();
      cell(tr, model);
      cell(tr, f3(f1), true);
    }
    box.appendChild(t);
    const base = "/api/reports/" + encodeURIComponent(name) + "/";
    const link = document.createElement("p");
    link.innerHTML = "Report: <a href=\"" + base + "index.html\">index.html</a>, <a href=\"" + base
      + "results.json\">results.json</a>";
    box.appendChild(link);
    const results = await json(base + "results.json");
    for (const p of results.plots || []) {
      const fig = document.createElement("figure");
      const img = document.createElement("img");
      img.src = base + encodeURIComponent(p.file);
      img.alt = p.caption;
      const cap = document.createElement("figcaption");
      cap.textContent = p.caption;
      fig.append(img, cap);
      box.appendChild(fig);
    }
  }
}

function loop() {
  refresh().catch(err => {
    document.getElementById("refreshed").textContent = "failed: " + err.message;
  }).finally(() => setTimeout(loop, 5000));
}

loop();
