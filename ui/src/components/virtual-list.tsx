/**
 * A windowed list: only the rows on screen (and a few around) are in the DOM, so a list of
 * thousands scrolls as lightly as one of twenty. Rows have one fixed height.
 */
import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { scrollToReveal, visibleRange } from '../lib/virtual.ts';

interface VirtualListProps {
  readonly count: number;
  readonly rowHeight: number;
  readonly renderRow: (index: number) => ReactNode;
  /** Keeps this row in view (keyboard focus). */
  readonly activeIndex?: number;
  /** Called when the last rows come into view (load the next page). */
  readonly onNearEnd?: () => void;
  readonly className?: string;
  readonly label: string;
  readonly role?: string;
}

export function VirtualList({ count, rowHeight, renderRow, activeIndex, onNearEnd, className, label, role }: VirtualListProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(800);

  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    setViewport(element.clientHeight);
    const observer = new ResizeObserver(() => setViewport(element.clientHeight));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const element = scroller.current;
    if (!element || activeIndex === undefined || activeIndex < 0) return;
    const top = scrollToReveal(activeIndex, { scrollTop: element.scrollTop, viewport: element.clientHeight, rowHeight });
    if (top !== undefined) element.scrollTop = top;
  }, [activeIndex, rowHeight]);

  const { start, end } = visibleRange({ scrollTop, viewport, rowHeight, count, overscan: 10 });
  const nearEnd = end >= count - 20;
  useEffect(() => {
    if (nearEnd && count > 0) onNearEnd?.();
  }, [nearEnd, count, onNearEnd]);

  const rows: ReactNode[] = [];
  for (let i = start; i < end; i++) {
    rows.push(
      <div key={i} className="virtual-row" style={{ top: i * rowHeight, height: rowHeight }}>
        {renderRow(i)}
      </div>,
    );
  }
  return (
    <div ref={scroller} className={`virtual-scroller ${className ?? ''}`} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)} aria-label={label} role={role}>
      <div className="virtual-space" style={{ height: count * rowHeight }}>
        {rows}
      </div>
    </div>
  );
}
