/**
 * A cluster file with `terway.credentials.mode: sealed-secrets` and no `encryptedData` yet: the state init
 * leaves it in, because only `seal` can write the ciphertext (it needs the controller's certificate and the
 * AccessKey, which init never asks for). validate still refuses such a file (exit 2: synth cannot make a
 * SealedSecret without ciphertext), but names the seal command that completes it instead of a bare "missing".
 */
import * as path from 'path';
import { commandHint } from '../cli/invocation';
import { DNS_LABEL } from '../config/formats';
import type { Problem } from '../config/problems';

/** Where seal writes the ciphertext, as problems name the field. */
export const ENCRYPTED_DATA_FIELD = 'terway.credentials.encryptedData';

/** The "found" of a sealed-secrets file that seal has not written into yet (starts with "nothing", as every missing key). */
export const NOT_SEALED_YET = 'nothing: the file is not sealed yet';

/** Whether `problem` is only that the file waits for seal. */
export function isUnsealedProblem(problem: Problem): boolean {
  return problem.field === ENCRYPTED_DATA_FIELD && problem.found === NOT_SEALED_YET;
}

/**
 * `ack-hybrid seal <name>` for the cluster file `file` (as shown to the user), the way this run was started,
 * with `--clusters` when the file is not in `clusters/`: seal looks the cluster up by name in that folder.
 */
export function sealCommand(file: string, name: unknown): string {
  const cluster = typeof name === 'string' && DNS_LABEL.test(name) ? name : '<name>';
  return commandHint('seal', { clusters: path.dirname(file) }, [cluster]);
}

/**
 * A value of the sealed format (sealed-value.ts) that opens with no key: init checks a new sealed-secrets
 * file as it will be once sealed, so that every other rule (the fleet's included) still runs on it. It is
 * never written.
 */
export const PLACEHOLDER_SEALED_VALUE = Buffer.concat([Buffer.from([1, 0]), Buffer.alloc(256 + 16 + 1)]).toString('base64');
