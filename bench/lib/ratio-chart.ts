/**
 * One SVG bar chart of how ours compares with each peer, written by the bench next to BENCHMARKS.md.
 * Every bar is an advantage: how many times better ours is than the peer on that measurement (peer time ÷
 * ours, or ours throughput ÷ peer), so right of the 1× line is ahead and left of it is behind, whatever
 * the unit. A log scale, so 2× ahead and 2× behind are the same length. Hand-written SVG: no dependency.
 */

type ChartBar = {
  /** The peer compared against: bars are grouped under it. */
  peer: string;
  /** What was measured, e.g. "CPU per 10-record batch". */
  label: string;
  /** > 1: ours is ahead by that factor; < 1: behind. NaN or 0: not measured in this run. */
  advantage: number;
  /** The #13 goal as an advantage (e.g. ours ≤ 1.5× middy's time → 1 / 1.5), drawn as a tick. */
  goal?: number;
};

const WIDTH = 860;
const LABEL_WIDTH = 330;
const ROW = 22;
const GROUP_GAP = 10;
const TOP = 54;
const PLOT_LEFT = LABEL_WIDTH + 10;
const PLOT_WIDTH = WIDTH - PLOT_LEFT - 70;
/** The axis spans 1/16× to 16×; anything beyond is drawn at the edge with its value printed. */
const LIMIT = Math.log2(16);

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** x position of an advantage on the log axis. */
function xOf(advantage: number): number {
  const clamped = Math.max(-LIMIT, Math.min(LIMIT, Math.log2(advantage)));
  return PLOT_LEFT + ((clamped + LIMIT) / (2 * LIMIT)) * PLOT_WIDTH;
}

function formatAdvantage(advantage: number): string {
  if (!Number.isFinite(advantage) || advantage <= 0) return 'not measured';
  return advantage >= 1 ? `${advantage.toFixed(2)}× ahead` : `${(1 / advantage).toFixed(2)}× behind`;
}

function axis(height: number): string[] {
  const parts: string[] = [];
  for (let power = -LIMIT; power <= LIMIT; power++) {
    const x = xOf(2 ** power).toFixed(1);
    const label = power >= 0 ? `${2 ** power}×` : `1/${2 ** -power}`;
    parts.push(
      `<line x1="${x}" y1="${TOP - 6}" x2="${x}" y2="${height - 24}" stroke="${power === 0 ? '#333' : '#ddd'}" stroke-width="${power === 0 ? 1.5 : 1}"/>`,
      `<text x="${x}" y="${height - 10}" text-anchor="middle" font-size="11" fill="#555">${label}</text>`,
    );
  }
  return parts;
}

function bar(entry: ChartBar, y: number): string[] {
  const one = xOf(1);
  const parts = [
    `<text x="${LABEL_WIDTH}" y="${y + 14}" text-anchor="end" font-size="12" fill="#222">${escapeXml(entry.label)}</text>`,
  ];
  if (!Number.isFinite(entry.advantage) || entry.advantage <= 0) {
    parts.push(
      `<text x="${(one + 6).toFixed(1)}" y="${y + 14}" font-size="11" fill="#888">not measured in this run</text>`,
    );
    return parts;
  }
  const end = xOf(entry.advantage);
  const left = Math.min(one, end);
  const color = entry.advantage >= 1 ? '#2e8b57' : '#c0392b';
  parts.push(
    `<rect x="${left.toFixed(1)}" y="${y + 3}" width="${Math.max(1, Math.abs(end - one)).toFixed(1)}" height="${ROW - 8}" fill="${color}"><title>${escapeXml(`${entry.peer}: ${entry.label}: ${formatAdvantage(entry.advantage)}`)}</title></rect>`,
  );
  if (entry.goal !== undefined && Number.isFinite(entry.goal)) {
    const g = xOf(entry.goal).toFixed(1);
    parts.push(
      `<line x1="${g}" y1="${y + 1}" x2="${g}" y2="${y + ROW - 3}" stroke="#000" stroke-width="2"/>`,
    );
  }
  const textX = entry.advantage >= 1 ? end + 4 : one + 4;
  parts.push(
    `<text x="${textX.toFixed(1)}" y="${y + 14}" font-size="11" fill="#222">${formatAdvantage(entry.advantage)}</text>`,
  );
  return parts;
}

/** The chart as a standalone SVG document. */
function ratioChart(bars: readonly ChartBar[], title: string): string {
  const peers = [...new Set(bars.map((entry) => entry.peer))];
  const height = TOP + bars.length * ROW + peers.length * (GROUP_GAP + 16) + 30;
  const body: string[] = [];
  let y = TOP;
  for (const peer of peers) {
    body.push(
      `<text x="8" y="${y + 12}" font-size="12" font-weight="bold" fill="#000">vs ${escapeXml(peer)}</text>`,
    );
    y += 16;
    for (const entry of bars.filter((candidate) => candidate.peer === peer)) {
      body.push(...bar(entry, y));
      y += ROW;
    }
    y += GROUP_GAP;
  }
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif">`,
    `<rect width="${WIDTH}" height="${height}" fill="#fff"/>`,
    `<text x="8" y="20" font-size="14" font-weight="bold">${escapeXml(title)}</text>`,
    '<text x="8" y="38" font-size="11" fill="#555">Green: ours ahead of the peer; red: behind (log scale, 1× = equal). Black tick: the #13 goal.</text>',
    ...axis(height),
    ...body,
    '</svg>',
    '',
  ].join('\n');
}

export type { ChartBar };
export { ratioChart };
