import { RuleContext } from './context';

/**
 * One check across fields, in the manner of Helm's `pkg/lint/rules` (helm/helm, pkg/lint/rules/*.go): a
 * named function that reports what it finds and never stops the others. The registry (index.ts) runs all.
 */
export interface Rule {
  /** kebab-case, unique: names the rule in docs/cluster-file.md and in tests. */
  readonly name: string;
  /** One sentence: what the rule refuses and why. */
  readonly description: string;
  check(ctx: RuleContext): void;
}
