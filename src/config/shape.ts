/**
 * Turns schema failures (zod issues) into located problems that say what was found and what is allowed.
 */
import { distance } from 'fastest-levenshtein';
import { z } from 'zod';
import { ClusterFileSchema, ClusterSpec } from './schema';
import { compareStrings, describeValue, fieldPath, Problem } from './problems';
import { locate, ParsedSource, valueAt, writtenAt } from './source';

export function checkShape(source: ParsedSource): { spec?: ClusterSpec; problems: Problem[] } {
  const result = ClusterFileSchema.safeParse(source.data);
  if (result.success) return { spec: result.data as ClusterSpec, problems: [] };
  return { problems: result.error.issues.flatMap((issue) => issueToProblems(source, issue)) };
}

function issueToProblems(source: ParsedSource, issue: z.core.$ZodIssue): Problem[] {
  const path = issue.path;
  const at = (p: readonly PropertyKey[], atKey = false) => ({ file: source.file, ...locate(source, p, atKey) });

  if (issue.code === 'unrecognized_keys') {
    const known = knownKeys(path);
    return issue.keys.map((key) => ({
      ...at([...path, key], true),
      field: fieldPath([...path, key]),
      // Only the key is shown, never its value: an unknown key is where a pasted secret would sit.
      found: `an unknown key ${describeValue(key)}`,
      allowed: known.length > 0 ? `the keys ${known.join(', ')}` : 'no other keys here',
      hint: didYouMean(key, known),
    }));
  }

  if (issue.code === 'invalid_key') {
    // A map key (node pool labels) that is malformed: show the key, and what its inner check allows.
    const key = path[path.length - 1];
    return [{
      ...at(path, true),
      field: fieldPath(path),
      found: `the key ${describeValue(String(key))}`,
      allowed: issue.issues[0]?.message ?? issue.message,
    }];
  }

  const value = valueAt(source.data, path);
  const allowed = issue.code === 'custom' ? issue.message : (descriptionAt(path) ?? issue.message);
  const missing = value === undefined;
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
  return [
    {
      ...at(path),
      field: fieldPath(path),
      found,
      allowed: missing ? `a required key: ${allowed}` : allowed,
      hint,
    },
  ];
}

type AnySchema = z.core.$ZodType;

/** The schema that governs `path`, looking through defaults, optionals, objects and arrays. */
function schemaAt(path: readonly PropertyKey[]): AnySchema | undefined {
  let schema: AnySchema | undefined = ClusterFileSchema;
  for (const segment of path) {
    schema = unwrap(schema);
    if (schema instanceof z.ZodObject) schema = (schema.shape as Record<string, AnySchema>)[String(segment)];
    else if (schema instanceof z.ZodArray) schema = schema.element as AnySchema;
    else return undefined;
    if (schema === undefined) return undefined;
  }
  return schema;
}

/** The "allowed" sentence of `path`: on the schema itself or on the one a default or optional wraps. */
function descriptionAt(path: readonly PropertyKey[]): string | undefined {
  let schema: AnySchema | undefined = schemaAt(path);
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

function knownKeys(path: readonly PropertyKey[]): string[] {
  const schema = unwrap(schemaAt(path));
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
