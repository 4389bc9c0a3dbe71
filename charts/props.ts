/**
 * Props checks for charts used one by one in a cdk8s app of your own: each prop is held to the format its
 * cluster-file field has (src/config/formats.ts), so a chart refuses what `ack-hybrid validate` refuses, with the
 * same "allowed" sentence, instead of writing an eni-config Terway cannot read. Charts built from a cluster file
 * get values validate has already checked; the checks cost a few regular expressions per chart.
 */
import type * as z from 'zod';
import { describeValue } from '../src/config/describe';
import { Format, formatViolation, oneOfAllowed, wholeNumberAllowed } from '../src/config/formats';
import { UserError } from '../src/config/problems';
import { escapeForTerminal } from '../src/escape/terminal';

/** A chart's props that break a rule: `TerwayChart terway: props.clusterId is "x"; allowed: …`. */
export class ChartPropsError extends UserError {
  constructor(chart: string, prop: string, value: unknown, allowed: string, hint?: string) {
    // Escaped: a message may reach a terminal or a log, where a hidden character in the value would act.
    super(escapeForTerminal(`${chart}: props.${prop} is ${describeValue(value)}; allowed: ${allowed}${hint === undefined ? '' : ` (${hint})`}`));
    this.name = 'ChartPropsError';
  }
}

/** The checks of one chart's props, each naming the chart and the prop's path in the error. */
export class PropsCheck {
  /** @param chart the chart's class and id, as the error names it (`TerwayChart terway`) */
  constructor(private readonly chart: string) {}

  /** A string prop in `format` (and, like every cluster-file string, without hidden characters); undefined passes. */
  format(prop: string, value: string | undefined, format: Format): void {
    if (value === undefined) return;
    if (typeof value !== 'string') throw new ChartPropsError(this.chart, prop, value, format.allowed);
    const violation = formatViolation(format, value);
    if (violation !== undefined) throw new ChartPropsError(this.chart, prop, value, violation.allowed, violation.hint);
  }

  /** A whole number from `min` to `max`; undefined passes. */
  integer(prop: string, value: number | undefined, min: number, max: number): void {
    if (value === undefined) return;
    if (!Number.isInteger(value) || value < min || value > max) throw new ChartPropsError(this.chart, prop, value, wholeNumberAllowed(min, max));
  }

  /** One of `values`; undefined passes. */
  oneOf<T extends string>(prop: string, value: T | undefined, values: readonly T[]): void {
    if (value !== undefined && !values.includes(value)) {
      throw new ChartPropsError(this.chart, prop, value, oneOfAllowed(values));
    }
  }

  /**
   * A prop whose shape is a cluster-file field's: checked by that field's zod schema, so by the same rules
   * (`existingNodeSelectorTerms`: operators and their values); the first problem is reported.
   */
  schema(prop: string, value: unknown, schema: z.ZodType): void {
    if (value === undefined) return;
    const result = schema.safeParse(value);
    if (result.success) return;
    const issue = result.error.issues[0]!;
    const at = issue.path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`)).join('');
    const found = issue.path.reduce<unknown>(
      (node, key) => (node !== null && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined),
      value,
    );
    throw new ChartPropsError(this.chart, `${prop}${at}`, found, issue.message);
  }

  /** A list of `min` to `max` items, each checked by `item` with its index; undefined passes. */
  list<T>(prop: string, value: readonly T[] | undefined, min: number, max: number, item: (element: T, at: string) => void = () => undefined): void {
    if (value === undefined) return;
    if (!Array.isArray(value) || value.length < min || value.length > max) {
      throw new ChartPropsError(this.chart, prop, value, min === max ? `a list of ${min}` : `a list of ${min} to ${max} items`);
    }
    value.forEach((element, i) => item(element, `${prop}[${i}]`));
  }
}
