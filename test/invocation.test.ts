/** Hints name the command as the user ran it (src/cli/invocation.ts), so that a printed hint works where it is printed. */
import { commandHint } from '../src/cli/invocation';

const cwd = '/home/me/gitops';

describe('commandHint', () => {
  test.each([
    ['the installed command on the PATH', { script: '/usr/local/bin/ack-hybrid', cwd }, 'ack-hybrid synth'],
    ['npx, or an npm script running the installed command', { script: `${cwd}/node_modules/ack-hybrid/build/ack-hybrid.js`, cwd }, 'npx ack-hybrid synth'],
    ['a global install', { script: '/usr/lib/node_modules/ack-hybrid/build/ack-hybrid.js', cwd }, 'npx ack-hybrid synth'],
    ["this repository's npm script (run from the package root)", { script: `${cwd}/build/ack-hybrid.js`, cwd }, 'node bin/ack-hybrid.js synth'],
    ['a host running the CLI in its own process', { script: '/x/node_modules/jest/bin/jest.js', cwd }, 'ack-hybrid synth'],
    ['a clone run with node from elsewhere', { script: '/src/ack-hybrid/build/ack-hybrid.js', cwd: '/src/ack-hybrid/docs' }, 'node ../bin/ack-hybrid.js synth'],
  ])('GIVEN %s WHEN a hint names synth THEN it is "%s"', (_, how, expected) => {
    expect(commandHint('synth', {}, [], how)).toBe(expected);
  });

  test('GIVEN folders other than the defaults THEN the hint passes them, relative to the working directory and quoted for a shell', () => {
    const how = { script: '/usr/local/bin/ack-hybrid', cwd };
    expect(commandHint('diff', { clusters: `${cwd}/fleet a`, out: `${cwd}/deploy` }, [], how)).toBe("ack-hybrid diff --clusters 'fleet a' --out deploy");
    expect(commandHint('diff', { clusters: `${cwd}/clusters`, out: `${cwd}/dist` }, [], how)).toBe('ack-hybrid diff');
  });
});
