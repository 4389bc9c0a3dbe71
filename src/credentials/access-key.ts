/**
 * Terway's AccessKey, for `ack-hybrid seal` only: from the standard environment variables, or asked on the
 * terminal without echo. No other command reads it. Nothing here puts a value, or a part of one, into a
 * message; values never go on a command line (the terminal prompt reads them through a pipe).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as tty from 'tty';
import { UserError } from '../config/problems';

export const ACCESS_KEY_ID_VARIABLE = 'ALIBABA_CLOUD_ACCESS_KEY_ID';
export const ACCESS_KEY_SECRET_VARIABLE = 'ALIBABA_CLOUD_ACCESS_KEY_SECRET';

export type Environment = Readonly<Record<string, string | undefined>>;

/** Asks one question and returns the answer without showing it; undefined when there is no terminal to ask on. */
export type AskHidden = (question: string) => string | undefined;

export interface AccessKey {
  readonly id: string;
  readonly secret: string;
}

/** Letters and digits, as RAM AccessKeys are; an STS key (`STS.…`) expires and needs a token the Secret cannot hold. */
const ACCESS_KEY_PART = /^[A-Za-z0-9]{8,128}$/;

/** The AccessKey from the environment, or asked for each variable that is unset; UserError when neither works. */
export function readAccessKey(env: Environment, ask: AskHidden): AccessKey {
  const id = valueOf(env, ask, ACCESS_KEY_ID_VARIABLE, 'AccessKey ID');
  const secret = valueOf(env, ask, ACCESS_KEY_SECRET_VARIABLE, 'AccessKey secret');
  const unset = [id, secret].filter((v) => v.value === undefined).map((v) => v.variable);
  if (unset.length > 0) {
    throw new UserError(
      `${unset.join(' and ')} ${unset.length === 1 ? 'is' : 'are'} not set and there is no terminal to ask on: export ` +
        `${ACCESS_KEY_ID_VARIABLE} and ${ACCESS_KEY_SECRET_VARIABLE} (the AccessKey of the RAM user with terway-ram-policy.json) ` +
        'in a shell that does not record them, or run seal on a terminal',
    );
  }
  for (const v of [id, secret]) {
    if (!ACCESS_KEY_PART.test(v.value!)) {
      throw new UserError(
        `the ${v.what} (${v.source}) is not a RAM AccessKey: found ${v.value!.length} characters that are not all letters and digits; ` +
          'allowed: 8 to 128 letters and digits, the AccessKey of a RAM user (not an STS key, which expires)',
      );
    }
  }
  return { id: id.value!, secret: secret.value! };
}

function valueOf(env: Environment, ask: AskHidden, variable: string, what: string) {
  const fromEnv = (env[variable] ?? '').trim();
  if (fromEnv !== '') return { variable, what, source: variable, value: fromEnv };
  const answer = ask(`${what} (${variable}): `)?.trim();
  return { variable, what, source: 'as typed', value: answer === '' ? undefined : answer };
}

/**
 * Asks on the controlling terminal with echo off. The shell restores echo on every exit, Ctrl-C included
 * (the terminal sends SIGINT to the whole foreground group). The answer comes back through a pipe.
 */
export const askOnTerminal: AskHidden = (question) => {
  if (!tty.isatty(0)) return undefined;
  let terminal: number;
  try {
    terminal = fs.openSync('/dev/tty', 'r+');
  } catch {
    return undefined;
  }
  try {
    const script =
      'trap "stty echo" EXIT; trap "exit 130" INT TERM; stty -echo || exit 3; printf "%s" "$1" >&2; ' +
      'IFS= read -r line || exit 4; printf "\\n" >&2; printf "%s" "$line"';
    const result = spawnSync('/bin/sh', ['-c', script, 'sh', question], { stdio: [terminal, 'pipe', terminal], encoding: 'utf8', maxBuffer: 4096 });
    if (result.status === 130) throw new UserError('interrupted: nothing was written');
    return result.status === 0 ? result.stdout : undefined;
  } finally {
    fs.closeSync(terminal);
  }
};
