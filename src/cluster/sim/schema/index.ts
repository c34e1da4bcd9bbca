/**
 * cluster/sim/schema: what the embedded cluster knows about the built-in kinds, as pure
 * functions and data: defaulting and admission values a real 1.35 API server stores,
 * validation with the server's field errors, `/openapi/v3` documents built from the
 * generated schemas in `data/` (see scripts/generate-k8s-openapi.ts), and server-side Tables.
 */
export type { DefaultingOptions } from './defaults/index.ts';
export { defaultObject, hasDefaults, qosClassOf } from './defaults/index.ts';
export type { PodAdmissionOptions } from './defaults/pod-admission.ts';
export { admitPod } from './defaults/pod-admission.ts';
export { defaultPullPolicy } from './defaults/pod-spec.ts';

export type { FieldError, FieldErrorType } from './validation/field-error.ts';
export { formatBadValue, fieldErrorBody, formatFieldError, invalidMessage, statusCauses } from './validation/field-error.ts';
export type { ValidationOptions } from './validation/validate.ts';
export { validateObject, nameCheckFor, selectorMatches } from './validation/validate.ts';
export {
  isDns1123Label,
  isDns1123Subdomain,
  isDns1035Label,
  isQualifiedName,
  isValidLabelValue,
  isConfigMapKey,
} from './validation/names.ts';

export type { JsonSchema, BuiltinKindSchema, BuiltinSchemaData } from './openapi-data.ts';
export { builtinSchemaData } from './openapi-data.ts';
export type { OpenApiResource, OpenApiV3Index } from './openapi.ts';
export { openApiV3Paths, openApiV3Document, openApiPathOf, customDefinitionName, builtinSchemaFor, OPENAPI_INFO_VERSION } from './openapi.ts';

export type { Table, TableRow, TableOptions, PrinterColumn } from './tables/table.ts';
export { tableFor, tableForObjects, evaluateJsonPath } from './tables/table.ts';
export type { TableColumnDefinition, Cell } from './tables/printers.ts';
export { humanDuration, ageSince, formatLabels, formatLabelSelector } from './tables/format.ts';
