/**
 * What `init` reads from the one schema instead of declaring again: for a field of the cluster file, the
 * sentence that says what is allowed (its `.describe()`), the choices of an enum or of a discriminated
 * union's tag, the default, and a test of one value against the field's own zod schema.
 *
 * Only zod's public classes and `def` are used, so the walk follows whatever shape the schema takes (an
 * object with a tag field today, a discriminated union tomorrow).
 */
import * as z from 'zod';
import { ClusterFileSchema } from '../config/schema';

/** A field, as keys from the top of the file; `*` steps into a list's items. */
export type FieldPath = readonly string[];

export interface FieldInfo {
  /** What is allowed, as error messages say it. */
  readonly allowed: string;
  /** The allowed values of an enum or of a union's tag, in the schema's order. */
  readonly choices?: readonly string[];
  /** The schema's default for this field, when it has one that is a string. */
  readonly default?: string;
  /** Whether the value alone is what the field accepts (cross-field rules are checked elsewhere). */
  readonly test: (value: unknown) => boolean;
  /**
   * For a value the field refuses: the likely fix its format suggests ("did you mean …?", `drop the "v"`),
   * the same hint validate prints after the problem. Undefined when the format guesses none.
   */
  readonly hint: (value: unknown) => string | undefined;
}

/** The first hint a format attached to the issues of `value` (schema.ts puts it in a custom issue's params). */
function formatHint(schema: z.ZodType, value: unknown): string | undefined {
  const result = schema.safeParse(value);
  if (result.success) return undefined;
  for (const issue of result.error.issues) {
    const hint = issue.code === 'custom' ? (issue.params as { hint?: unknown } | undefined)?.hint : undefined;
    if (typeof hint === 'string') return hint;
  }
  return undefined;
}

interface Unwrapped {
  readonly schema: z.ZodType;
  readonly defaultValue?: unknown;
}

/** Through `.default()`, `.prefault()` and `.optional()` to the schema inside, keeping the outermost default. */
function unwrap(schema: z.ZodType): Unwrapped {
  let current = schema;
  let defaultValue: unknown;
  for (;;) {
    if (current instanceof z.ZodDefault || current instanceof z.ZodPrefault) {
      if (defaultValue === undefined) defaultValue = current.def.defaultValue;
      current = current.def.innerType as z.ZodType;
    } else if (current instanceof z.ZodOptional) {
      current = current.def.innerType as z.ZodType;
    } else {
      return { schema: current, defaultValue };
    }
  }
}

/** The variants of a union of objects (a discriminated union), or the object itself. */
function objectsOf(schema: z.ZodType): z.ZodObject[] {
  if (schema instanceof z.ZodObject) return [schema];
  if (schema instanceof z.ZodUnion) return (schema.options as readonly z.ZodType[]).flatMap((o) => objectsOf(unwrap(o).schema));
  return [];
}

function literalValues(schema: z.ZodType): string[] {
  const inner = unwrap(schema).schema;
  if (inner instanceof z.ZodLiteral) return [...inner.values].filter((v): v is string => typeof v === 'string');
  if (inner instanceof z.ZodEnum) return inner.options.filter((v): v is string => typeof v === 'string');
  return [];
}

/** Reads the field at `path`; throws (a bug in init's question list) when the schema has no such field. */
export function fieldInfo(path: FieldPath): FieldInfo {
  let current: z.ZodType = ClusterFileSchema;
  let defaultValue: unknown;
  for (const [i, key] of path.entries()) {
    const { schema, defaultValue: parentDefault } = unwrap(current);
    if (key === '*') {
      if (!(schema instanceof z.ZodArray)) throw new Error(`init: ${path.slice(0, i).join('.')} is not a list in the schema`);
      current = schema.element as z.ZodType;
      defaultValue = undefined;
      continue;
    }
    const variants = objectsOf(schema).filter((o) => key in o.shape);
    if (variants.length === 0) throw new Error(`init: the schema has no field ${path.slice(0, i + 1).join('.')}`);
    // A union's tag: every variant has it, as a literal. Its default is the tag of the union's default.
    if (variants.length > 1 && i === path.length - 1) {
      const choices = variants.flatMap((v) => literalValues(v.shape[key] as z.ZodType));
      const tagDefault = (parentDefault as Record<string, unknown> | undefined)?.[key] ?? unwrap(variants[0].shape[key] as z.ZodType).defaultValue;
      return {
        allowed: `one of ${choices.map((c) => JSON.stringify(c)).join(', ')}`,
        choices,
        default: typeof tagDefault === 'string' ? tagDefault : undefined,
        test: (value) => typeof value === 'string' && choices.includes(value),
        hint: () => undefined,
      };
    }
    current = variants[0].shape[key] as z.ZodType;
    defaultValue = (parentDefault as Record<string, unknown> | undefined)?.[key];
  }
  const { schema, defaultValue: ownDefault } = unwrap(current);
  const choices = literalValues(schema);
  const value = ownDefault ?? defaultValue;
  return {
    allowed: schema.description ?? current.description ?? 'a value',
    choices: choices.length > 0 ? choices : undefined,
    default: typeof value === 'string' ? value : undefined,
    test: (v) => schema.safeParse(v).success,
    hint: (v) => formatHint(schema, v),
  };
}

/** A value with the keys of every object in the order its schema declares them (unknown keys last). */
export function orderLikeSchema(value: unknown, schema: z.ZodType = ClusterFileSchema): unknown {
  const inner = unwrap(schema).schema;
  if (Array.isArray(value)) return inner instanceof z.ZodArray ? value.map((v) => orderLikeSchema(v, inner.element as z.ZodType)) : value;
  if (value === null || typeof value !== 'object') return value;
  const shapes = objectsOf(inner).map((o) => o.shape as Record<string, z.ZodType>);
  const keys = [...new Set(shapes.flatMap((s) => Object.keys(s)))];
  const rank = (k: string) => (keys.includes(k) ? keys.indexOf(k) : keys.length);
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => rank(a) - rank(b));
  return Object.fromEntries(entries.map(([k, v]) => [k, shapes.find((s) => k in s) ? orderLikeSchema(v, shapes.find((s) => k in s)![k]) : v]));
}
