/**
 * Printers and tests read deep into unvalidated JSON objects where every level may be missing;
 * optional chaining over this type keeps that readable. Not for code that writes objects.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export type Loose = Record<string, any>;
