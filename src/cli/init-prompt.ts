/**
 * The questions of `ack-hybrid init` on a terminal: what the flags left out is asked in order, each answer
 * checked as it is given, and a problem that a rule across fields puts on an earlier answer sends the prompt
 * back to that question (with every later answer kept), since no answer to the question at hand could fix it.
 */
import * as path from 'path';
import * as readline from 'node:readline';
import { asked, blamedProblemsSoFar, BlamedProblem, checkAnswer, inheritedFrom, INIT_QUESTIONS, InitAnswers } from '../init/init';

type Answer = string | readonly string[];

/** Ctrl-C or the end of input at a question: nothing is written, exit 130; `answers` are those given so far. */
export class Interrupted extends Error {
  constructor(readonly answers: InitAnswers = {}) {
    super('interrupted: nothing written');
    this.name = 'Interrupted';
  }
}

export interface AskContext {
  readonly clusters: string;
  readonly file?: string;
}

/** An answer as typed: a list given as repeated flags reads as its comma-separated form. */
function shown(answer: Answer): string {
  return typeof answer === 'string' ? answer : answer.join(',');
}

/**
 * Asks, on a terminal, for what the flags left out, in order. Each answer (typed or given as a flag) is
 * checked against its field and then, with the answers before it, against every rule of the loader; a bad
 * one is shown with what is wrong and asked again, so no answer is lost to a mistake in a later one. When
 * every problem of an answer names an earlier question's field, that question is asked again, its answer
 * offered as the default, and the questions after it take their answers again without asking (checked
 * anew); the answer that showed the problem is offered as the default when its question comes back. An
 * earlier answer kept as it was (Enter) is not asked again for the same reason: the question at hand is.
 * Rejects with Interrupted, carrying the answers so far, on Ctrl-C or end of input.
 */
export async function askMissing(
  given: InitAnswers,
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
  context: AskContext = { clusters: 'clusters' },
): Promise<InitAnswers> {
  const terminal = (output as { isTTY?: boolean }).isTTY === true;
  const rl = readline.createInterface({ input, output, terminal });
  // Lines are read through the iterator, which buffers them: rl.question() drops lines that arrive
  // while no question is pending (pasted or piped answers).
  const lines = rl[Symbol.asyncIterator]();
  rl.on('SIGINT', () => rl.close());
  const ask = async (text: string): Promise<string> => {
    rl.setPrompt(text);
    rl.prompt();
    const line = await lines.next();
    if (line.done) throw new Interrupted();
    return line.value;
  };
  const settled: Record<string, Answer> = {};
  /** Answers taken without asking, checked as if typed: the flags, and the later answers when the prompt went back. */
  const pending: Record<string, Answer> = Object.fromEntries(Object.entries(given).filter((e): e is [string, Answer] => e[1] !== undefined));
  /** The default offered when a question is asked again: the answer it had. */
  const previous: Record<string, Answer> = {};
  /** Questions asked again for a problem and answered as before: the user keeps them, so the later question is asked. */
  const kept = new Set<string>();
  const told = new Set<string>();
  // What the defaults file of the folder gives is not asked for.
  const inherited = inheritedFrom(context.file !== undefined ? path.dirname(context.file) : context.clusters);
  try {
    let i = 0;
    while (i < INIT_QUESTIONS.length) {
      const q = INIT_QUESTIONS[i];
      let answer: Answer | undefined = pending[q.flag];
      delete pending[q.flag];
      if (!asked(q, { ...settled, [q.flag]: answer }, inherited)) {
        i++;
        continue;
      }
      let back: number | undefined;
      for (;;) {
        if (answer === undefined) {
          if (q.how !== undefined && !told.has(q.flag)) {
            output.write(`  ${q.how}\n`);
            told.add(q.flag);
          }
          const before = previous[q.flag];
          const fallback = before !== undefined ? shown(before) : q.default?.({ ...inherited.answers, ...settled });
          const choices = q.choices ? ` (${q.choices.join(', ')})` : '';
          const offered = fallback !== undefined ? ` [${fallback}]` : q.optional ? ' [none]' : '';
          const raw = (await ask(`${q.label}${choices}${offered}: `)).trim();
          answer = raw === '' ? (fallback ?? '') : raw;
          if (before !== undefined && shown(answer) === shown(before)) kept.add(q.flag);
        }
        const own = checkAnswer(q, answer);
        const problems: BlamedProblem[] =
          own.length > 0
            ? own.map((text) => ({ text, flag: q.flag }))
            : blamedProblemsSoFar({ ...settled, [q.flag]: answer }, context.clusters, context.file, inherited);
        if (problems.length === 0) {
          settled[q.flag] = answer;
          delete previous[q.flag];
          break;
        }
        for (const problem of problems) output.write(`  ${problem.text}\n`);
        back = blamedEarlier(problems, i, settled, kept);
        if (back !== undefined) {
          previous[q.flag] = answer;
          break;
        }
        answer = undefined;
      }
      if (back === undefined) {
        i++;
        continue;
      }
      const target = INIT_QUESTIONS[back];
      output.write(`  that is about an earlier answer: asked again, Enter keeps it; the answers after it are kept\n`);
      previous[target.flag] = settled[target.flag];
      for (const later of INIT_QUESTIONS.slice(back + 1, i)) if (settled[later.flag] !== undefined) pending[later.flag] = settled[later.flag];
      for (const later of INIT_QUESTIONS.slice(back)) delete settled[later.flag];
      i = back;
    }
  } catch (error) {
    if (error instanceof Interrupted) throw new Interrupted({ ...previous, ...pending, ...settled });
    throw error;
  } finally {
    rl.close();
  }
  return settled;
}

/**
 * The earliest question before `current` that every problem blames, or undefined when a problem is (also)
 * about the answer at hand, about no question, or about an answer the user chose to keep.
 */
function blamedEarlier(
  problems: readonly BlamedProblem[],
  current: number,
  settled: Readonly<Record<string, Answer>>,
  kept: ReadonlySet<string>,
): number | undefined {
  let earliest: number | undefined;
  for (const problem of problems) {
    const index = problem.flag === undefined ? -1 : INIT_QUESTIONS.findIndex((q) => q.flag === problem.flag);
    if (index < 0 || index >= current || settled[problem.flag!] === undefined || kept.has(problem.flag!)) return undefined;
    earliest = earliest === undefined ? index : Math.min(earliest, index);
  }
  return earliest;
}
