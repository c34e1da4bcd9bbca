import { describe, expect, it } from 'vitest';
import { formatSchemaErrors, parseSchema, validateSchema } from './schema.ts';

const schemaOf = (value: unknown) => parseSchema(new TextEncoder().encode(JSON.stringify(value)));
const check = (schema: unknown, values: unknown) => formatSchemaErrors(validateSchema(schemaOf(schema), values));

describe('values.schema.json', () => {
  // The expected text is helm v4.1.4's for the same schema and values (it lists errors in
  // random order; Ferry keeps the schema's order).
  it('reports errors as helm does', () => {
    const schema = {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      required: ['image', 'name'],
      properties: {
        replicas: { type: 'integer', minimum: 1 },
        image: { type: 'object', properties: { tag: { type: 'string', pattern: '^v' } }, additionalProperties: false },
        mode: { enum: ['a', 'b'] },
        list: { type: 'array', items: { type: 'string' }, maxItems: 2 },
        x: { oneOf: [{ type: 'string' }, { type: 'integer' }] },
        c: { const: 3 },
        n: { type: ['string', 'null'] },
        r: { $ref: '#/definitions/d' },
      },
      definitions: { d: { type: 'boolean' } },
    };
    const values = { replicas: '0.5', image: { tag: 'x', extra: 1n }, mode: 'c', list: [1n, 2n, 3n], x: true, c: 4n, n: 1n, r: 1n };
    expect(check(schema, values)).toBe(
      [
        "- at '': missing property 'name'",
        "- at '/replicas': got string, want integer",
        "- at '/image': validation failed",
        "  - at '/image/tag': 'x' does not match pattern '^v'",
        "  - at '/image': additional properties 'extra' not allowed",
        "- at '/mode': value must be one of 'a', 'b'",
        "- at '/list': validation failed",
        "  - at '/list': maxItems: got 3, want 2",
        "  - at '/list/0': got number, want string",
        "  - at '/list/1': got number, want string",
        "  - at '/list/2': got number, want string",
        "- at '/x': 'oneOf' failed, none matched",
        "  - at '/x': got boolean, want string",
        "  - at '/x': got boolean, want integer",
        "- at '/c': value must be 3",
        "- at '/n': got number, want null or string",
        "- at '/r': got number, want boolean",
        '',
      ].join('\n'),
    );
  });

  it.each([
    [{ type: 'integer' }, 3, ''],
    [{ type: 'integer' }, 3.5, "- at '': got number, want integer\n"],
    [{ minimum: 1 }, 0, "- at '': minimum: got 0, want 1\n"],
    [{ exclusiveMaximum: 5 }, 5, "- at '': exclusiveMaximum: got 5, want 5\n"],
    [{ minLength: 2 }, 'é', "- at '': minLength: got 1, want 2\n"],
    [{ patternProperties: { '^x-': { type: 'string' } }, additionalProperties: false }, { 'x-a': 1, b: 2 }, "- at '/x-a': got number, want string\n- at '': additional properties 'b' not allowed\n"],
    [{ if: { properties: { a: { const: 1 } } }, then: { required: ['b'] } }, { a: 1 }, "- at '': if-then failed\n  - at '': missing property 'b'\n"],
    [{ not: { type: 'string' } }, 'x', "- at '': 'not' failed\n"],
    [{ anyOf: [{ type: 'string' }, { type: 'boolean' }] }, true, ''],
    [{ uniqueItems: true }, [1, 2, 1], "- at '': items at 0 and 2 are equal\n"],
    [{ $defs: { a: { type: 'string' } }, properties: { p: { $ref: '#/$defs/a' } } }, { p: 1 }, "- at '/p': got number, want string\n"],
  ])('%j with %j', (schema, values, expected) => {
    const text = validateSchema(schemaOf(schema), values).length === 0 ? '' : check(schema, values);
    expect(text).toBe(expected);
  });

  it('accepts anything where a remote reference points (nothing is fetched), refuses bad JSON', () => {
    expect(validateSchema(schemaOf({ properties: { a: { $ref: 'https://example.com/s.json#/definitions/x' } } }), { a: 1 })).toEqual([]);
    expect(validateSchema(schemaOf({ properties: { a: { $ref: 'https://example.com/s.json', type: 'string' } } }), { a: 1 })).not.toEqual([]);
    expect(() => parseSchema(new TextEncoder().encode('{'))).toThrow('values.schema.json is not valid JSON');
  });
});
