// Percentages as the statistics publish them: one decimal, and the shares of one breakdown that
// covers the whole add up to exactly 100.0. Pure, integer arithmetic (no 0.1 + 0.2 surprises).
//
// Each share is first rounded half up (33.35 → 33.4). When the parts of a complete breakdown then
// add up to 99.9 or 100.1, the fewest entries are moved by 0.1, those whose rounding lost (or
// gained) the most, ties to the larger count and then the earlier key: so a share differs from
// plain rounding only when plain rounding would not add up.

/** part / whole in percent with one decimal, half up; null when there is no whole. */
export function percent(part: number, whole: number): number | null {
  if (whole <= 0) return null;
  return tenthsHalfUp(part, whole) / 10;
}

function tenthsHalfUp(part: number, whole: number): number {
  return Math.floor((2 * part * 1000 + whole) / (2 * whole));
}

/**
 * Shares of `total` for every key. When the counts add up to `total` (a complete breakdown) the
 * shares add up to 100.0; otherwise (e.g. one level of a category tree with cases filed on the
 * parent) each is rounded half up on its own.
 */
export function sharesOf(counts: ReadonlyArray<readonly [string, number]>, total: number): Map<string, number> {
  const out = new Map<string, number>();
  if (total <= 0) {
    for (const [k] of counts) out.set(k, 0);
    return out;
  }
  const rows = counts.map(([key, count], i) => {
    const tenths = tenthsHalfUp(count, total);
    // Signed rounding error, exact − rounded (positive = rounded down), in units of 1/(100·total)
    // percent: an integer, so equal errors compare equal.
    const error = count * 1000 - tenths * total;
    return { key, count, i, tenths, error };
  });
  const sum = rows.reduce((s, r) => s + r.count, 0);
  if (sum === total) {
    let diff = 1000 - rows.reduce((s, r) => s + r.tenths, 0);
    const order = [...rows].sort((a, b) => (diff > 0 ? b.error - a.error : a.error - b.error) || b.count - a.count || a.i - b.i);
    for (const r of order) {
      if (diff === 0) break;
      if (diff < 0 && r.tenths === 0) continue;
      r.tenths += Math.sign(diff);
      diff -= Math.sign(diff);
    }
  }
  for (const r of rows) out.set(r.key, r.tenths / 10);
  return out;
}
