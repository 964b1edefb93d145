// Renders /v1/status/cluster every two seconds. Data is only ever set as text, never as HTML.
"use strict";

const refreshMs = 2000;

function cell(row, text, className) {
  const td = document.createElement("td");
  td.textContent = text === null || text === undefined ? "–" : String(text);
  if (className) {
    td.className = className;
  }
  row.appendChild(td);
  return td;
}

function fill(tableId, items, render) {
  const body = document.querySelector(`#${tableId} tbody`);
  const rows = items.map(item => {
    const row = document.createElement("tr");
    render(row, item);
    return row;
  });
  body.replaceChildren(...rows);
}

function showError(id, message) {
  const element = document.getElementById(id);
  element.hidden = !message;
  element.textContent = message ? `Could not read: ${message}` : "";
}

function time(value) {
  return value ? new Date(value).toLocaleTimeString() : null;
}

function render(status) {
  const active = status.silos.filter(s => s.status === "Active").length;
  const lag = status.partitions.reduce((sum, p) => sum + p.lag, 0);
  const unowned = status.partitions.filter(p => !p.owner && !p.ownerUnknown).length;
  const unknown = status.partitions.filter(p => p.ownerUnknown).length;
  document.getElementById("summary").textContent =
    `${active} active silo(s) · ${status.partitions.length} partition(s), ${unowned} without owner${unknown ? `, ${unknown} owner unknown` : ""} · total lag ${lag} · broker ${status.bootstrapServers}`;
  document.getElementById("updated").textContent =
    `Updated ${time(status.generatedAt)} by ${status.answeredBy}`;

  showError("silos-error", status.silosError);
  fill("silos", status.silos, (row, silo) => {
    cell(row, silo.address);
    cell(row, silo.name);
    cell(row, silo.host);
    cell(row, silo.status, silo.status === "Active" ? "good" : silo.status === "Dead" ? "bad" : "warn");
    cell(row, time(silo.startedAt));
  });

  fill("dependencies", status.dependencies, (row, d) => {
    cell(row, d.name);
    cell(row, d.status, d.status === "Healthy" ? "good" : "bad");
    cell(row, d.description ?? "");
  });

  showError("partitions-error", status.partitionsError);
  fill("partitions", status.partitions, (row, p) => {
    cell(row, `${p.topic}-${p.partition}`);
    // An owners record that did not answer in time is not a partition nobody reads.
    cell(row, p.owner ?? (p.ownerUnknown ? "unknown" : "none"), p.owner ? null : p.ownerUnknown ? "warn" : "bad");
    cell(row, p.committedOffset, "num");
    cell(row, p.highWatermark, "num");
    cell(row, p.lag, p.lag > 0 ? "num warn" : "num");
    cell(row, p.eventsPerSecond === null ? null : p.eventsPerSecond.toFixed(1), "num");
    // Known for the partitions of the silo that answered; each silo's /readyz names its own.
    const since = p.conditionSince ? ` since ${time(p.conditionSince)}: ${p.conditionReason ?? ""}` : "";
    cell(row, p.condition ? `${p.condition}${p.condition === "Reading" ? "" : since}` : "", p.condition && p.condition !== "Reading" ? "bad wrap" : null);
  });

  showError("views-error", status.viewsError);
  fill("views", status.views, (row, v) => {
    cell(row, v.name);
    cell(row, v.version, "num");
    cell(row, v.status, v.status === "live" ? "good" : "warn");
    cell(row, v.lag, v.lag > 0 ? "num warn" : "num");
    cell(row, v.progress === null ? null : `${Math.round(v.progress * 100)}%`, "num");
    cell(row, v.eventsPerSecond === null ? null : v.eventsPerSecond.toFixed(0), "num");
    cell(row, (v.warnings ?? []).join(" "), v.truncatedHead ? "bad wrap" : "warn wrap");
  });

  showError("dead-letters-error", status.deadLettersError);
  document.getElementById("dead-letters-none").hidden = status.deadLetters.length > 0 || !!status.deadLettersError;
  fill("dead-letters", status.deadLetters, (row, d) => {
    cell(row, time(d.timestamp));
    cell(row, `${d.sourceTopic ?? "?"}-${d.sourcePartition ?? "?"}@${d.sourceOffset ?? "?"}`);
    cell(row, d.key);
    cell(row, d.reason, "wrap");
    cell(row, `${d.topic}-${d.partition}@${d.offset}`);
  });
}

async function refresh() {
  try {
    const response = await fetch("v1/status/cluster", { cache: "no-store" });
    if (!response.ok) {
      throw new Error(`HTTP ${response.status}`);
    }
    render(await response.json());
  } catch (error) {
    document.getElementById("updated").textContent = `Refresh failed at ${new Date().toLocaleTimeString()}: ${error.message}`;
  } finally {
    setTimeout(refresh, refreshMs);
  }
}

refresh();
