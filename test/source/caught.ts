import { FerryError } from '../../src/core/index.ts';

/** The FerryError a promise (or function) fails with; fails the test if it succeeds or throws something else. */
export async function caught(run: Promise<unknown> | (() => unknown)): Promise<FerryError> {
  try {
    await (typeof run === 'function' ? run() : run);
  } catch (error) {
    if (error instanceof FerryError) return error;
    throw new Error(`expected a FerryError, got ${String(error)}`, { cause: error });
  }
  throw new Error('expected a FerryError, but it succeeded');
}
