/** YAML (or any text) with line numbers, and diffs of it unified or side by side. */
import { Fragment } from 'react';
import { splitRows, unifiedRows, type LineEdit } from '../lib/diff-lines.ts';

export function CodeView({ text, label }: { readonly text: string; readonly label: string }) {
  const lines = text.replace(/\n$/, '').split('\n');
  return (
    <pre className="code" aria-label={label} tabIndex={0}>
      {lines.map((line, i) => (
        <div className="code-line" key={i}>
          <span className="line-no" aria-hidden="true">
            {i + 1}
          </span>
          <span className="line-text">{line || ' '}</span>
        </div>
      ))}
    </pre>
  );
}

const SIGN = { same: ' ', del: '−', add: '+' } as const;
const WORD = { same: 'unchanged', del: 'removed', add: 'added' } as const;

function Skipped({ count }: { readonly count: number }) {
  return count > 0 ? <span className="hunk-skipped"> ({count} unchanged lines)</span> : null;
}

export function DiffView({ edits, mode, label, context = 3 }: { readonly edits: readonly LineEdit[]; readonly mode: 'unified' | 'split'; readonly label: string; readonly context?: number }) {
  if (mode === 'split') {
    const rows = splitRows(edits, context);
    return (
      <div className="diff split" role="table" aria-label={label} tabIndex={0}>
        <div className="diff-heads" role="row">
          <span role="columnheader">Live (cluster)</span>
          <span role="columnheader">Desired (Git)</span>
        </div>
        {rows.map((row, i) =>
          row.kind === 'hunk' ? (
            <div key={i} className="diff-hunk" role="row">
              <span role="cell">
                {row.text}
                <Skipped count={row.skipped} />
              </span>
            </div>
          ) : (
            <div key={i} className="diff-pair" role="row">
              {[row.left, row.right].map((cell, side) => (
                <span key={side} role="cell" className={`diff-cell ${cell ? `diff-${cell.kind}` : 'diff-blank'}`}>
                  {cell && (
                    <Fragment>
                      <span className="line-no" aria-hidden="true">
                        {cell.no}
                      </span>
                      <span className="diff-sign" aria-label={WORD[cell.kind]}>
                        {SIGN[cell.kind]}
                      </span>
                      <span className="line-text">{cell.text || ' '}</span>
                    </Fragment>
                  )}
                </span>
              ))}
            </div>
          ),
        )}
      </div>
    );
  }
  const rows = unifiedRows(edits, context);
  return (
    <div className="diff unified" role="table" aria-label={label} tabIndex={0}>
      {rows.map((row, i) =>
        row.kind === 'hunk' ? (
          <div key={i} className="diff-hunk" role="row">
            <span role="cell">
              {row.text}
              <Skipped count={row.skipped} />
            </span>
          </div>
        ) : (
          <div key={i} className={`diff-line diff-${row.kind}`} role="row">
            <span className="line-no" aria-hidden="true">
              {row.oldNo ?? ''}
            </span>
            <span className="line-no" aria-hidden="true">
              {row.newNo ?? ''}
            </span>
            <span className="diff-sign" role="cell" aria-label={WORD[row.kind]}>
              {SIGN[row.kind]}
            </span>
            <span className="line-text" role="cell">
              {row.text || ' '}
            </span>
          </div>
        ),
      )}
    </div>
  );
}
