/**
 * Turns schema failures (zod issues) into located problems that say what was found and what is allowed.
 */
import { distance } from 'fastest-levenshtein';
import * as z from 'zod';
import { ClusterFileSchema, ClusterSpec } from './schema';
import { describeValue, fieldPath } from './describe';
import { Problem } from './problems';
import { compareStrings } from './text';
import { locate, ParsedSource, valueAt, writtenAt } from './source';
import { ENCRYPTED_DATA_FIELD, NOT_SEALED_YET, sealCommand } from '../credentials/unsealed';

/**
 * Files parsed without zod's JIT. On first use zod generates a parser per object schema with new Function,
 * which V8's code cache cannot keep: for the few files of a typical run that costs more than it saves, for
 * a fleet it pays (1,000 files: `check` about 5% faster than all jitless). ParseContext.jitless, zod v4 core/schemas.ts.
 */
const JITLESS_FILES = 8;
let filesParsed = 0;

export function checkShape(source: ParsedSource): { spec?: ClusterSpec; problems: Problem[] } {
  const result = ClusterFileSchema.safeParse(source.data, { jitless: filesParsed++ < JITLESS_FILES });
  if (result.success) return { spec: result.data as ClusterSpec, problems: [] };
  const issues = withoutConsequences(result.error.issues);
  // Each problem is located, described and masked: a pasted file of 90,000 bad keys took most of a minute for
  // lines nobody reads. Past MAX_SHAPE_PROBLEMS, one line says how many more there are.
  const problems = issues.slice(0, MAX_SHAPE_PROBLEMS).flatMap((issue) => issueToProblems(source, issue));
  if (issues.length > MAX_SHAPE_PROBLEMS) {
    problems.push({
      file: source.file,
      line: 0,
      column: 0,
      field: '',
      found: `${issues.length - MAX_SHAPE_PROBLEMS} more problems of the same kinds, not shown`,
      allowed: 'a cluster file: fix the problems shown, then validate again',
    });
  }
  return { problems };
}

/** The most schema problems reported for one file: far more than a real file has, few enough to stay quick. */
export const MAX_SHAPE_PROBLEMS = 1000;

/**
 * The issues, less those that only follow from a wrong type at the same place: zod also checks a list's
 * length on a string (`securityGroupIds: ""` is "not a list" and "too short"), which said the same line twice.
 */
function withoutConsequences(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue[] {
  const key = (issue: z.core.$ZodIssue) => issue.path.map(String).join('\u0000');
  const wrongType = new Set(issues.filter((issue) => issue.code === 'invalid_type').map(key));
  return issues.filter((issue) => issue.code === 'invalid_type' || !wrongType.has(key(issue)));
}

function issueToProblems(source: ParsedSource, issue: z.core.$ZodIssue): Problem[] {
  const path = issue.path;
  const at = (p: readonly PropertyKey[], atKey = false) => ({ file: source.file, ...locate(source, p, atKey) });

  if (issue.code === 'unrecognized_keys') {
    const known = knownKeys(path, source.data);
    const variant = variantAt(path, source.data);
    return issue.keys.map((key) => {
      // In one variant of a union (a credentials mode), a key of another variant names the variant that reads it.
      const elsewhere = variant?.others.filter((other) => other.keys.includes(key)).map((other) => JSON.stringify(other.value)) ?? [];
      const keys = known.length > 0 ? `the keys ${known.join(', ')}` : 'no other keys here';
      return {
        ...at([...path, key], true),
        field: fieldPath([...path, key]),
        // Only the key is shown, never its value: an unknown key is where a pasted secret would sit.
        found: `an unknown key ${describeValue(key)}`,
        allowed: variant ? `${keys} with ${variant.discriminator} ${JSON.stringify(variant.value)}` : keys,
        hint:
          variant && elsewhere.length > 0
            ? `${key} is only read with ${variant.discriminator} ${elsewhere.join(' or ')}: set that ${variant.discriminator}, or remove ${key}`
            : didYouMean(key, known),
      };
    });
  }

  if (issue.code === 'invalid_key') {
    // A map key (node pool labels) that is malformed: show the key, and what its inner check allows.
    const key = path[path.length - 1];
    const inner = issue.issues[0];
    const innerHint = inner?.code === 'custom' ? inner.params?.hint : undefined;
    return [
      {
        ...at(path, true),
        field: fieldPath(path),
        found: `the key ${describeValue(String(key))}`,
        allowed: inner?.message ?? issue.message,
        hint: typeof innerHint === 'string' ? innerHint : undefined,
      },
    ];
  }

  const value = valueAt(source.data, path);
  const allowed = issue.code === 'custom' ? issue.message : (descriptionAt(path, source.data) ?? issue.message);
  const missing = value === undefined;
  let required = missing ? `a required key: ${allowed}` : allowed;
  let found = missing ? 'nothing: the key is missing' : describeValue(value);
  let hint: string | undefined;
  if (issue.code === 'custom' && typeof issue.params?.hint === 'string') hint = issue.params.hint;
  if (issue.code === 'invalid_type' && issue.expected === 'string' && typeof value === 'number') {
    // 1.30 is read as the number 1.3: show what was written, not only what YAML made of it.
    const written = writtenAt(source, path);
    if (written !== undefined && written !== String(value)) found += ` (written ${written})`;
    hint = 'YAML read this as a number: put the value in quotes';
  }
  if (issue.code === 'invalid_type' && issue.expected === 'number' && typeof value === 'string' && /^-?[0-9]+(\.[0-9]+)?$/.test(value)) {
    hint = 'write the number without quotes';
  }
  if (missing && fieldPath(path) === ENCRYPTED_DATA_FIELD) {
    // Not a typo to fix by hand: the ciphertext is what `seal` writes (init leaves a sealed-secrets file so).
    found = NOT_SEALED_YET;
    required = 'the sealed AccessKey { access-key-id, access-key-secret }, sealed for the certificate in terway.credentials.certificate';
    hint = `seal writes it: run '${sealCommand(source.file, valueAt(source.data, ['name']))}'`;
  }
  return [
    {
      ...at(path),
      field: fieldPath(path),
      found,
      allowed: required,
      hint,
    },
  ];
}

type AnySchema = z.core.$ZodType;

/**
 * The schema that governs `path`, looking through defaults, optionals, objects and arrays, and through a
 * discriminated union to the variant that the value's discriminator in `data` selects.
 */
function schemaAt(path: readonly PropertyKey[], data: unknown): AnySchema | undefined {
  let schema: AnySchema | undefined = ClusterFileSchema;
  for (let i = 0; i < path.length; i++) {
    schema = unwrap(schema);
    if (schema instanceof z.ZodDiscriminatedUnion) schema = selectVariant(schema, valueAt(data, path.slice(0, i)))?.schema;
    if (schema instanceof z.ZodObject) schema = (schema.shape as Record<string, AnySchema>)[String(path[i])];
    else if (schema instanceof z.ZodArray) schema = schema.element as AnySchema;
    else return undefined;
    if (schema === undefined) return undefined;
  }
  return schema;
}

interface Variant {
  readonly schema: z.ZodObject;
  readonly value: unknown;
  readonly keys: readonly string[];
}

/** The variants of a discriminated union of objects, each with its discriminator value (the default when omitted). */
function variantsOf(union: z.ZodDiscriminatedUnion): Variant[] {
  const discriminator = union._zod.def.discriminator;
  return (union._zod.def.options as AnySchema[]).flatMap((option) => {
    if (!(option instanceof z.ZodObject)) return [];
    const values = (option.shape as Record<string, AnySchema>)[discriminator]?._zod.values;
    const value = values ? [...values][0] : undefined;
    return [{ schema: option, value, keys: Object.keys(option.shape) }];
  });
}

/** The variant `value` selects: by its discriminator, or the variant whose discriminator has a default when it has none. */
function selectVariant(union: z.ZodDiscriminatedUnion, value: unknown): Variant | undefined {
  const discriminator = union._zod.def.discriminator;
  const given = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[discriminator] : undefined;
  return variantsOf(union).find((variant) =>
    given === undefined ? (variant.schema.shape as Record<string, AnySchema>)[discriminator]._zod.optin !== undefined : variant.value === given,
  );
}

/** When `path` is an object chosen from a discriminated union: the discriminator, the chosen variant and the others. */
function variantAt(path: readonly PropertyKey[], data: unknown): { discriminator: string; value: unknown; others: Variant[] } | undefined {
  const union = unwrap(schemaAt(path, data));
  if (!(union instanceof z.ZodDiscriminatedUnion)) return undefined;
  const chosen = selectVariant(union, valueAt(data, path));
  if (!chosen) return undefined;
  return { discriminator: union._zod.def.discriminator, value: chosen.value, others: variantsOf(union).filter((v) => v !== chosen) };
}

/**
 * The discriminator of the union at `path` (`type` of a token source, `mode` of Terway's credentials), or
 * undefined when `path` is no discriminated union: the defaults file's merge replaces such a mapping whole
 * when the cluster file picks another variant (defaults.ts).
 */
export function discriminatorAt(path: readonly PropertyKey[]): string | undefined {
  const schema = unwrap(schemaAt(path, undefined));
  return schema instanceof z.ZodDiscriminatedUnion ? schema._zod.def.discriminator : undefined;
}

/** The "allowed" sentence of `path`: on the schema itself or on the one a default or optional wraps. */
function descriptionAt(path: readonly PropertyKey[], data: unknown): string | undefined {
  let schema: AnySchema | undefined = schemaAt(path, data);
  while (schema) {
    const description = (schema as z.ZodType).description;
    if (description !== undefined) return description;
    schema = 'innerType' in schema._zod.def ? (schema._zod.def as { innerType: AnySchema }).innerType : undefined;
  }
  return undefined;
}

function unwrap(schema: AnySchema | undefined): AnySchema | undefined {
  let current = schema;
  while (current && 'innerType' in current._zod.def) {
    current = (current._zod.def as { innerType: AnySchema }).innerType;
  }
  return current;
}

function knownKeys(path: readonly PropertyKey[], data: unknown): string[] {
  let schema = unwrap(schemaAt(path, data));
  if (schema instanceof z.ZodDiscriminatedUnion) schema = selectVariant(schema, valueAt(data, path))?.schema;
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

/** "did you mean \"x\"?" for the closest of `known`, when close enough; also used for command and cluster names. */
export function didYouMean(key: string, known: readonly string[]): string | undefined {
  const scored = known
    .map((candidate) => ({ candidate, score: distance(key.toLowerCase(), candidate.toLowerCase()) }))
    .filter(({ candidate, score }) => score <= Math.max(2, Math.floor(candidate.length / 3)))
    .sort((a, b) => a.score - b.score || compareStrings(a.candidate, b.candidate));
  return scored.length > 0 ? `did you mean ${JSON.stringify(scored[0].candidate)}?` : undefined;
}
