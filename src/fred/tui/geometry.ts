// Where each pane goes for a terminal size (pure). Below the minimum size there is room
// for the console only, with a note saying so.

export interface Rect { left: number; top: number; width: number; height: number }

export interface FullLayout {
  kind: 'full';
  source: Rect;
  console: Rect;
  history: Rect;
  /** locals and stack of the frame the program is stopped in */
  locals: Rect;
  program: Rect;
  timeline: Rect;
  status: Rect;
  keys: Rect;
}

export interface CompactLayout {
  kind: 'compact';
  console: Rect;
  note: Rect;
  status: Rect;
}

export type Layout = FullLayout | CompactLayout;

export const minimumSize = { cols: 80, rows: 22 };

export function computeLayout(cols: number, rows: number): Layout {
  if (cols < minimumSize.cols || rows < minimumSize.rows) {
    const statusRows = rows >= 3 ? 1 : 0;
    const noteRows = rows >= 2 ? 1 : 0;
    return {
      kind: 'compact',
      console: { left: 0, top: 0, width: cols, height: Math.max(1, rows - noteRows - statusRows) },
      note: { left: 0, top: rows - noteRows - statusRows, width: cols, height: noteRows },
      status: { left: 0, top: rows - statusRows, width: cols, height: statusRows },
    };
  }
  const timelineRows = 3;
  const upper = rows - timelineRows - 2;
  const leftWidth = Math.floor(cols * 0.62);
  const rightWidth = cols - leftWidth;
  const sourceRows = Math.max(7, Math.floor(upper * 0.4));
  const historyRows = Math.floor(upper / 3);
  const localsRows = Math.floor(upper / 3);
  return {
    kind: 'full',
    source: { left: 0, top: 0, width: leftWidth, height: sourceRows },
    console: { left: 0, top: sourceRows, width: leftWidth, height: upper - sourceRows },
    history: { left: leftWidth, top: 0, width: rightWidth, height: historyRows },
    locals: { left: leftWidth, top: historyRows, width: rightWidth, height: localsRows },
    program: { left: leftWidth, top: historyRows + localsRows, width: rightWidth, height: upper - historyRows - localsRows },
    timeline: { left: 0, top: upper, width: cols, height: timelineRows },
    status: { left: 0, top: rows - 2, width: cols, height: 1 },
    keys: { left: 0, top: rows - 1, width: cols, height: 1 },
  };
}
