// Charts for the exercises as inline SVG, and the figures printed beside them. Built for a
// projector: few, large marks, every bar labelled with its count, no colour needed to read it.
// The geometry and the number formats are pure (tested in client/test/poll.test.js).

import { svg } from "./dom.js";

/** @typedef {{score: number, count: number, x: number, y: number, w: number, h: number}} Bar */
/** @typedef {{width: number, height: number, top: number, bottom: number, bars: Bar[]}} HistogramLayout */

/** The histogram's drawing box (SVG user units): room above the bars for counts, below for scores. */
export const HISTOGRAM = { width: 360, height: 230, top: 34, bottom: 34, fill: 0.74 };

/**
 * One bar per score `low..low+counts.length-1`, its height proportional to its count (the
 * tallest reaches the top of the plot; all flat when nobody answered).
 * @param {readonly number[]} counts @param {number} low
 * @param {{width: number, height: number, top: number, bottom: number, fill: number}} [box]
 * @returns {HistogramLayout}
 */
export function histogramLayout(counts, low, box = HISTOGRAM) {
  const { width, height, top, bottom, fill } = box;
  const plot = height - top - bottom;
  const max = Math.max(0, ...counts);
  const slot = counts.length ? width / counts.length : width;
  const w = slot * fill;
  const bars = counts.map((count, i) => {
    const h = max > 0 ? (count / max) * plot : 0;
    return { score: low + i, count, x: i * slot + (slot - w) / 2, y: height - bottom - h, w, h };
  });
  return { width, height, top, bottom, bars };
}

/**
 * Where a value on the scale falls on the histogram's x axis (bar centres are the scores).
 * @param {HistogramLayout} layout @param {number} value
 */
export function scaleX(layout, value) {
  const { bars } = layout;
  if (!bars.length) return 0;
  const first = bars[0];
  const slot = bars.length > 1 ? bars[1].x - first.x : layout.width;
  return first.x + first.w / 2 + (value - first.score) * slot;
}

/**
 * The histogram of one poll round: a `poll-bar` group per score carrying `data-score` and
 * `data-count`, the count above each bar, the score below, and the average as a dashed line.
 * @param {readonly number[]} counts @param {number} low
 * @param {{average?: number | null, label?: string, tone?: string}} [options]
 * @returns {SVGElement}
 */
export function histogramSvg(counts, low, options = {}) {
  const layout = histogramLayout(counts, low);
  const base = layout.height - layout.bottom;
  const chart = svg("svg", {
    class: `histogram ${options.tone ?? ""}`.trim(), viewBox: `0 0 ${layout.width} ${layout.height}`,
    role: "img", "aria-label": options.label ?? "", preserveAspectRatio: "xMidYMid meet",
  });
  chart.append(svg("line", { class: "axis", x1: 0, x2: layout.width, y1: base, y2: base }));
  for (const bar of layout.bars) {
    const group = svg("g", { class: bar.count ? "bar" : "bar empty", "data-testid": "poll-bar", "data-score": bar.score, "data-count": bar.count },
      svg("rect", { x: bar.x, y: bar.y, width: bar.w, height: Math.max(bar.h, 0), rx: 4 }),
      label(bar.x + bar.w / 2, bar.y - 9, String(bar.count), "count"),
      label(bar.x + bar.w / 2, base + 25, String(bar.score), "score"));
    chart.append(group);
  }
  if (options.average != null) {
    const x = scaleX(layout, options.average);
    chart.append(svg("line", { class: "average", x1: x, x2: x, y1: layout.top - 6, y2: base + 4 }));
  }
  return chart;
}

/** @param {number} x @param {number} y @param {string} text @param {string} cls */
function label(x, y, text, cls) {
  const el = svg("text", { x, y, class: cls, "text-anchor": "middle" });
  el.textContent = text;
  return el;
}

// Figures.

/**
 * A score with one decimal in the UI language ("8.5", "8,5"); a dash when there is none.
 * @param {number | null | undefined} value @param {string} [lang]
 */
export function formatScore(value, lang = "en") {
  if (value == null || !Number.isFinite(value)) return "—";
  return new Intl.NumberFormat(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1, useGrouping: false }).format(value);
}

/**
 * A change of average with its sign: "+0.3", "−0.2" (a real minus), "0.0".
 * @param {number | null | undefined} value @param {string} [lang]
 */
export function formatChange(value, lang = "en") {
  if (value == null || !Number.isFinite(value)) return "—";
  const shown = formatScore(Math.abs(value), lang);
  if (Number(shown.replace(",", ".")) === 0) return shown;
  return `${value > 0 ? "+" : "−"}${shown}`;
}

/** A share as a whole percentage: 0.304 -> "30%". @param {number} share */
export function formatShare(share) {
  return `${Math.round(share * 100)}%`;
}
