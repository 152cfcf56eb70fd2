// The poll's chart geometry and the figures printed beside it (views/charts.js).
import { test } from "node:test";
import assert from "node:assert/strict";
import { formatChange, formatScore, formatShare, HISTOGRAM, histogramLayout, scaleX } from "../src/views/charts.js";

test("one bar per score, its height proportional to its count; the tallest fills the plot", () => {
  const layout = histogramLayout([0, 0, 3, 1, 2], 6);
  const plot = HISTOGRAM.height - HISTOGRAM.top - HISTOGRAM.bottom;
  assert.deepEqual(layout.bars.map((b) => b.score), [6, 7, 8, 9, 10]);
  assert.deepEqual(layout.bars.map((b) => b.count), [0, 0, 3, 1, 2]);
  assert.deepEqual(layout.bars.map((b) => b.h), [0, 0, plot, plot / 3, (plot * 2) / 3]);
  for (const bar of layout.bars) {
    assert.equal(bar.y + bar.h, HISTOGRAM.height - HISTOGRAM.bottom, "every bar stands on the axis");
    assert.ok(bar.x >= 0 && bar.x + bar.w <= HISTOGRAM.width, "inside the box");
  }
  const gaps = layout.bars.slice(1).map((b, i) => b.x - layout.bars[i].x);
  assert.ok(gaps.every((g) => Math.abs(g - gaps[0]) < 1e-9), "evenly spaced");
});

test("nobody answered: every bar is flat, nothing divides by zero", () => {
  const layout = histogramLayout(new Array(10).fill(0), 1);
  assert.ok(layout.bars.every((b) => b.h === 0 && Number.isFinite(b.y)));
  assert.deepEqual(histogramLayout([], 1).bars, []);
});

test("an average falls on the x axis between the bars of its neighbouring scores", () => {
  const layout = histogramLayout([1, 1, 1, 1, 1, 1, 1, 1, 1, 1], 1);
  const centre = (/** @type {number} */ score) => {
    const bar = layout.bars[score - 1];
    return bar.x + bar.w / 2;
  };
  assert.equal(scaleX(layout, 8), centre(8));
  assert.ok(Math.abs(scaleX(layout, 8.5) - (centre(8) + centre(9)) / 2) < 1e-9);
  assert.ok(Math.abs(scaleX(layout, 8.3) - (centre(8) + 0.3 * (centre(9) - centre(8)))) < 1e-9);
});

test("scores print with one decimal, in the UI language; changes carry their sign", () => {
  assert.equal(formatScore(8.5), "8.5");
  assert.equal(formatScore(8.29), "8.3");
  assert.equal(formatScore(8), "8.0");
  assert.equal(formatScore(8.5, "ru"), "8,5");
  assert.equal(formatScore(null), "—");
  assert.equal(formatChange(-0.21), "−0.2");
  assert.equal(formatChange(0.3), "+0.3");
  assert.equal(formatChange(0.04), "0.0", "rounds to nothing: no sign");
  assert.equal(formatChange(-0.2, "ru"), "−0,2");
  assert.equal(formatChange(null), "—");
  assert.equal(formatShare(0.304), "30%");
});
