import type { KubeObject } from '../../../../core/index.ts';
import { splitApiVersion } from '../../../../core/index.ts';
import type { Loose } from '../loose.ts';
import { ageSince } from './format.ts';
import type { Cell, Printer, TableColumnDefinition } from './printers.ts';
import { AGE_DESCRIPTION, DEFAULT_PRINTER, NAME_DESCRIPTION, PRINTERS } from './printers.ts';

/**
 * `meta.k8s.io/v1` Table conversion, as the API server answers
 * `Accept: application/json;as=Table;v=v1;g=meta.k8s.io`.
 */
export interface TableRow {
  cells: Cell[];
  object?: unknown;
  conditions?: Loose[];
}

export interface Table {
  kind: 'Table';
  apiVersion: 'meta.k8s.io/v1';
  metadata: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  columnDefinitions: TableColumnDefinition[];
  rows: TableRow[];
}

/** A CRD version's `additionalPrinterColumns` entry. */
export interface PrinterColumn {
  readonly name: string;
  readonly type: string;
  readonly format?: string;
  readonly description?: string;
  readonly priority?: number;
  readonly jsonPath: string;
}

export interface TableOptions {
  /** `includeObject`: `Metadata` (default) sends PartialObjectMetadata, `Object` the object. */
  readonly includeObject?: 'None' | 'Metadata' | 'Object';
  /** Custom resources: their version's additional printer columns (none: Name and Age). */
  readonly printerColumns?: readonly PrinterColumn[];
  readonly resourceVersion?: string;
}

/** The simple JSONPath subset CRD printer columns use: `.a.b`, `.a[0].b`, `.a['x.y']`, `.a[*].b`. */
export function evaluateJsonPath(obj: unknown, path: string): unknown[] {
  const steps: (string | number | '*')[] = [];
  const re = /\.([^.[\]]+)|\[(\d+|\*)\]|\['([^']*)'\]|\["([^"]*)"\]/g;
  const trimmed = path.trim().replace(/^\{/, '').replace(/\}$/, '');
  let consumed = 0;
  for (let m = re.exec(trimmed); m; m = re.exec(trimmed)) {
    if (m.index !== consumed) return [];
    consumed = m.index + m[0].length;
    if (m[1] !== undefined) steps.push(m[1]);
    else if (m[2] !== undefined) steps.push(m[2] === '*' ? '*' : Number(m[2]));
    else steps.push((m[3] ?? m[4])!);
  }
  if (consumed !== trimmed.length) return [];
  let current: unknown[] = [obj];
  for (const step of steps) {
    const next: unknown[] = [];
    for (const value of current) {
      if (step === '*') {
        if (Array.isArray(value)) next.push(...value);
        else if (typeof value === 'object' && value !== null) next.push(...Object.values(value));
      } else if (typeof step === 'number') {
        if (Array.isArray(value) && step < value.length) next.push(value[step]);
      } else if (typeof value === 'object' && value !== null && !Array.isArray(value) && step in value) {
        next.push((value as Loose)[step]);
      }
    }
    current = next;
  }
  return current;
}

function customPrinter(columns: readonly PrinterColumn[]): Printer {
  const effective: readonly PrinterColumn[] =
    columns.length > 0 ? columns : [{ name: 'Age', type: 'date', description: AGE_DESCRIPTION, jsonPath: '.metadata.creationTimestamp' }];
  return {
    columns: [
      { name: 'Name', type: 'string', format: 'name', description: NAME_DESCRIPTION, priority: 0 },
      ...effective.map((c) => ({
        name: c.name,
        type: c.type as TableColumnDefinition['type'],
        format: c.format ?? '',
        description: c.description ?? '',
        priority: c.priority ?? 0,
      })),
    ],
    cells: (obj, now) => [
      obj.metadata?.name ?? '',
      ...effective.map((c): Cell => {
        const values = evaluateJsonPath(obj, c.jsonPath);
        if (values.length === 0 || values[0] === null || values[0] === undefined) return '<none>' as Cell;
        // apiextensions tableconvertor: dates print as ages; other types as the value.
        if (c.type === 'date' && typeof values[0] === 'string') return ageSince(values[0], now);
        if (values.length === 1 && (typeof values[0] === 'number' || typeof values[0] === 'boolean')) return values[0];
        return values.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join(',');
      }),
    ],
  };
}

/** events.k8s.io/v1 Events print through the core Event printer, as the server converts them. */
function asCoreEvent(obj: Loose): Loose {
  return {
    metadata: obj.metadata,
    involvedObject: obj.regarding ?? {},
    reason: obj.reason,
    message: obj.note,
    type: obj.type,
    firstTimestamp: obj.deprecatedFirstTimestamp,
    lastTimestamp: obj.deprecatedLastTimestamp,
    count: obj.deprecatedCount,
    eventTime: obj.eventTime,
    series: obj.series,
    source: obj.deprecatedSource,
    reportingComponent: obj.reportingController,
    reportingInstance: obj.reportingInstance,
  };
}

function rowObject(obj: KubeObject, include: TableOptions['includeObject']): unknown {
  if (include === 'None') return undefined;
  if (include === 'Object') return obj;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
}

/**
 * The Table for `objects` of one resource, keyed by its group and kind; `now` is the clock
 * the ages are computed against.
 */
export function tableFor(type: { readonly group: string; readonly kind: string }, objects: readonly KubeObject[], now: Date, options: TableOptions = {}): Table {
  const key = `${type.group}/${type.kind}`;
  const toCore = key === 'events.k8s.io/Event';
  const builtin = PRINTERS[toCore ? '/Event' : key];
  const printer = builtin ?? (options.printerColumns ? customPrinter(options.printerColumns) : DEFAULT_PRINTER);
  const rows = objects.map((obj): TableRow => {
    const source = (toCore ? asCoreEvent(obj) : obj) as Loose;
    const row: TableRow = { cells: printer.cells(source, now) };
    const conditions = printer.conditions?.(source);
    if (conditions) row.conditions = conditions;
    const object = rowObject(obj, options.includeObject);
    if (object !== undefined) row.object = object;
    return row;
  });
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: options.resourceVersion === undefined ? {} : { resourceVersion: options.resourceVersion },
    columnDefinitions: [...printer.columns],
    rows,
  };
}

/** Convenience for callers holding an apiVersion. */
export function tableForObjects(apiVersion: string, kind: string, objects: readonly KubeObject[], now: Date, options: TableOptions = {}): Table {
  return tableFor({ group: splitApiVersion(apiVersion).group, kind }, objects, now, options);
}
