import type { FerryError } from '../../../core/index.ts';
import { clusterErrorFromStatus, makeStatus } from '../../errors.ts';

/** Names a resource the way the API server's messages do: `deployments.apps`, `pods`. */
export interface ResourceName {
  readonly group: string;
  readonly plural: string;
}

function qualified(resource: ResourceName): string {
  return resource.group === '' ? resource.plural : `${resource.plural}.${resource.group}`;
}

function details(resource: ResourceName, name: string): { name: string; group?: string; kind: string } {
  return { name, ...(resource.group === '' ? {} : { group: resource.group }), kind: resource.plural };
}

export function notFoundError(resource: ResourceName, name: string): FerryError {
  return clusterErrorFromStatus(
    makeStatus(404, `${qualified(resource)} "${name}" not found`, 'NotFound', details(resource, name)),
  );
}

export function alreadyExistsError(resource: ResourceName, name: string): FerryError {
  return clusterErrorFromStatus(
    makeStatus(409, `${qualified(resource)} "${name}" already exists`, 'AlreadyExists', details(resource, name)),
  );
}

/** 409 Conflict: `Operation cannot be fulfilled on deployments.apps "web": <why>`. */
export function conflictError(resource: ResourceName, name: string, why: string): FerryError {
  return clusterErrorFromStatus(
    makeStatus(409, `Operation cannot be fulfilled on ${qualified(resource)} "${name}": ${why}`, 'Conflict', details(resource, name)),
  );
}

export const STALE_OBJECT_MESSAGE =
  'the object has been modified; please apply your changes to the latest version and try again';

export function tooOldError(requested: number, oldest: number): FerryError {
  return clusterErrorFromStatus(makeStatus(410, `too old resource version: ${requested} (${oldest})`, 'Expired'));
}

export function badRequestError(message: string): FerryError {
  return clusterErrorFromStatus(makeStatus(400, message, 'BadRequest'));
}

export function invalidError(kind: string, group: string, name: string, field: string, message: string): FerryError {
  const qualifiedKind = group === '' ? kind : `${kind}.${group}`;
  return clusterErrorFromStatus(
    makeStatus(422, `${qualifiedKind} "${name}" is invalid: ${field}: ${message}`, 'Invalid', {
      name,
      ...(group === '' ? {} : { group }),
      kind,
      causes: [{ reason: 'FieldValueRequired', message, field }],
    }),
  );
}
