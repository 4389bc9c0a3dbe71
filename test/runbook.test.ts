/**
 * RUNBOOK.md: step numbers and references that agree, docs that cite steps that exist, and values that
 * cannot become Markdown (links, HTML, code fences) or shell syntax.
 */
import { FAKE_SEALED_ID, FAKE_SEALED_SECRET } from './support/sealed';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Node as MdNode, Parser } from 'commonmark';
import fc from 'fast-check';
import { codeSpan, shellWord } from '../src/artifacts/markdown';
import { HIDDEN_CHARACTER_SOURCE } from '../src/escape/terminal';
import { renderRunbook, RUNBOOK_STEPS, runbookSteps } from '../src/artifacts/runbook';
import { parseClusterFile } from '../src/config/load';
import { ClusterSpec } from '../src/config/schema';
import { editedExample, REPO_ROOT } from './support/clusters';

const TITLES: ReadonlySet<string> = new Set(RUNBOOK_STEPS.map((s) => s.title));

/** Every RUNBOOK.md committed: dist/ and each golden case. */
function committedRunbooks(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === 'RUNBOOK.md') found.push(full);
    }
  };
  walk(path.join(REPO_ROOT, 'dist'));
  walk(path.join(REPO_ROOT, 'test', 'golden'));
  return found.sort();
}

function specOf(text: string): ClusterSpec {
  const { spec, problems } = parseClusterFile('c.yaml', text);
  expect(problems).toEqual([]);
  return spec!;
}

/** Every mode the template branches on, so that each branch's references are checked. */
const VARIANTS: Record<string, string> = {
  'argocd, OOS, unmanaged (the example)': editedExample([]),
  'no gitops, env token, sealed-secrets, policy off, no cloud code': editedExample([
    [['terraform'], undefined],
    [['gitops'], undefined],
    [['nodeInit', 'join', 'tokenSource'], undefined],
    [
      ['terway', 'credentials'],
      { mode: 'sealed-secrets', certificate: 'certs/sealed.pem', encryptedData: { 'access-key-id': FAKE_SEALED_ID, 'access-key-secret': FAKE_SEALED_SECRET } },
    ],
    [['terway', 'networkPolicy'], 'disabled'],
  ]),
  'flux, pools, external-secrets, another host, no cloud code': editedExample([
    [['terraform'], undefined],
    [['gitops', 'tool'], 'flux'],
    [['nodeInit', 'scriptUrl'], 'https://scripts.example.com/idc/init-node-ecs.sh'],
    [['terway', 'credentials'], { mode: 'external-secrets', externalSecret: { storeName: 's', accessKeyId: { key: 'k1' }, accessKeySecret: { key: 'k2' } } }],
    [['nodePools'], [{ name: 'gpu', nodeVSwitches: [{ id: 'vsw-gpu', zone: 'cn-hangzhou-h', cidr: '10.10.30.0/24' }], securityGroupIds: ['sg-gpu'] }]],
  ]),
};

describe('the cloud code (terraform section)', () => {
  const roleVariant = editedExample([
    [['terraform', 'terwayIdentity'], { type: 'ram-role', roleName: 'ack-hybrid-idc-hangzhou-node' }],
    [['terraform', 'createScriptBucket'], false],
    [['terraform', 'routes'], { routeTableId: 'vtb-1', nextHopType: 'VpnGateway', nextHopId: 'vpn-1' }],
  ]);

  test('GIVEN Terway on a role, a bucket managed elsewhere and routes WHEN rendered THEN its steps agree and no AccessKey step is left', () => {
    const runbook = renderRunbook(specOf(roleVariant), 'c.yaml');
    expect(stepProblems(runbook)).toEqual([]);
    expect(runbook).not.toContain('Give Terway its AccessKey');
    expect(runbook).toContain('must not exist');
    expect(runbook).toContain('"acs:SourceVpc"');
    expect(runbook).toContain("The cloud code adds the VPC's two route entries");
  });

  test('GIVEN the example WHEN rendered THEN the hand steps the cloud code does are gone, and the manual RUNBOOK keeps them', () => {
    const cloud = renderRunbook(specOf(editedExample([])), 'c.yaml');
    const manual = renderRunbook(specOf(editedExample([[['terraform'], undefined]])), 'c.yaml');
    for (const handStep of [
      'aliyun ram CreatePolicy',
      'onectl addon install terway-eniip',
      'ossutil cp',
      'aliyun oos CreateSecretParameter',
      'Create Node Pool',
    ]) {
      expect([handStep, cloud.includes(handStep)]).toEqual([handStep, false]);
      expect([handStep, manual.includes(handStep)]).toEqual([handStep, true]);
    }
    // Fewer steps for a person (the cloud step explains its runner at length, so not fewer words).
    const steps = (text: string) => text.split('\n').filter((line) => /^## [0-9]+\. /.test(line)).length;
    expect(steps(cloud)).toBeLessThan(steps(manual));
  });
});

describe('the rotating join token applied by hand (terraform.runner: { mode: none })', () => {
  const runbook = renderRunbook(specOf(editedExample([[['terraform', 'runner'], { mode: 'none' }]])), 'c.yaml');

  test('GIVEN no tofu-controller WHEN the RUNBOOK is rendered THEN it applies cloud/join-token/ first and on a schedule every applyInterval, unreviewed, and cloud/ after a reviewed plan', () => {
    expect(stepProblems(runbook)).toEqual([]);
    const joinToken = runbook.indexOf('tofu -chdir=dist/idc-hangzhou/cloud/join-token init');
    const main = runbook.indexOf('cd dist/idc-hangzhou/cloud\ntofu init');
    expect(joinToken).toBeGreaterThan(0);
    expect(main).toBeGreaterThan(joinToken);
    expect(runbook.slice(joinToken, main)).toContain('tofu -chdir=dist/idc-hangzhou/cloud/join-token apply -auto-approve');
    expect(runbook.slice(main)).toMatch(/tofu plan -out=cloud\.plan\ntofu apply cloud\.plan/);
    expect(runbook).toContain('on a schedule at least every `1h`');
    expect(runbook).toMatch(/a cron\s+job or a CI schedule/);
    expect(runbook).not.toContain('wait terraform');
  });

  test('GIVEN a supplied token WHEN the RUNBOOK is rendered THEN no join-token module is named', () => {
    const supplied = renderRunbook(
      specOf(
        editedExample([
          [['terraform', 'runner'], { mode: 'none' }],
          [['terraform', 'joinToken'], { mode: 'supplied' }],
        ]),
      ),
      'c.yaml',
    );
    expect(supplied).not.toContain('cloud/join-token');
    expect(supplied).toContain('tofu plan -var-file=');
  });
});

describe('the OOS token source with its defaults', () => {
  test('GIVEN an OOS token source without name or region WHEN the RUNBOOK is rendered THEN it checks the default parameter in the cluster region', () => {
    const spec = specOf(
      editedExample([
        [['nodeInit', 'join', 'tokenSource', 'name'], undefined],
        [['nodeInit', 'join', 'tokenSource', 'region'], undefined],
      ]),
    );
    const runbook = renderRunbook(spec, 'c.yaml');
    expect(runbook).not.toContain('undefined');
    expect(runbook).toContain(`aliyun oos GetSecretParameter --RegionId ${spec.region} --Name ack-hybrid-${spec.name}-join-token \\`);
    expect(runbook).toContain(`grep -c '"Name": "ack-hybrid-${spec.name}-join-token"'`);
  });
});

/** Problems with the step numbers of one RUNBOOK: headings 1..n in order, each reference naming its heading. */
function stepProblems(text: string): string[] {
  const problems: string[] = [];
  const headings = [...text.matchAll(/^## ([0-9]+)\. (.+)$/gm)].map((m) => ({ n: Number(m[1]), title: m[2] }));
  headings.forEach((h, i) => {
    if (h.n !== i + 1) problems.push(`heading ${h.n} "${h.title}" is number ${i + 1}`);
  });
  const byNumber = new Map(headings.map((h) => [h.n, h.title]));
  // A reference is `step N "Title"`; any other "step N" is a number typed by hand.
  for (const m of text.matchAll(/\bsteps? ([0-9]+)\b( "([^"]+)")?/gi)) {
    if (m[2] === undefined) problems.push(`a bare reference "${m[0]}"`);
    else if (byNumber.get(Number(m[1])) !== m[3]) problems.push(`"${m[0]}" but step ${m[1]} is "${byNumber.get(Number(m[1]))}"`);
  }
  return problems;
}

describe('step numbers', () => {
  test.each(Object.entries(VARIANTS))('GIVEN %s WHEN the runbook is rendered THEN every step reference names its heading', (_name, text) => {
    const runbook = renderRunbook(specOf(text), 'clusters/c.yaml');
    expect(stepProblems(runbook)).toEqual([]);
    expect([...runbook.matchAll(/^## [0-9]+\. (.+)$/gm)].map((m) => m[1])).toEqual(runbookSteps(specOf(text)).map((s) => s.title));
  });

  test('GIVEN every committed RUNBOOK.md WHEN read THEN its step references agree with its headings', () => {
    const runbooks = committedRunbooks();
    expect(runbooks.length).toBeGreaterThanOrEqual(4);
    for (const file of runbooks) expect({ file, problems: stepProblems(fs.readFileSync(file, 'utf8')) }).toEqual({ file, problems: [] });
  });

  test('GIVEN a wrong reference WHEN checked THEN the check finds it (the check can fail)', () => {
    expect(stepProblems('## 1. A\n\n## 2. B\n\nsee step 2 "A" and step 1\n')).toEqual(['"step 2 "A"" but step 2 is "B"', 'a bare reference "step 1"']);
  });
});

describe('references to RUNBOOK steps in docs, README and sources', () => {
  const files = [
    'README.md',
    'CONTRIBUTING.md',
    ...fs.readdirSync(path.join(REPO_ROOT, 'docs')).map((f) => `docs/${f}`),
    ...['src', 'charts', 'scripts-templates'].flatMap((dir) => listFiles(path.join(REPO_ROOT, dir)).map((f) => path.relative(REPO_ROOT, f))),
  ].filter((f) => /\.(md|ts|ejs)$/.test(f));

  test.each(files)('%s cites RUNBOOK steps by a title that exists, never by number', (file) => {
    const text = fs.readFileSync(path.join(REPO_ROOT, file), 'utf8').replace(/\s+/g, ' ');
    // The hybrid-cluster guide's own steps ("guide step 5") are the guide's numbers, not ours.
    const numbered = [...text.matchAll(/(\w+ )?\bRUNBOOK(?:'s)? steps? [0-9]+/gi)].map((m) => m[0]);
    expect(numbered).toEqual([]);
    for (const m of text.matchAll(/RUNBOOK steps? "([^"]+)"(?: (?:and|to) "([^"]+)")?/g)) {
      for (const title of [m[1], m[2]].filter((t): t is string => t !== undefined)) expect([file, title, TITLES.has(title)]).toEqual([file, title, true]);
    }
  });
});

function listFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/** The nodes of a Markdown document, as CommonMark's reference parser sees it. */
function nodesOf(markdown: string): MdNode[] {
  const walker = new Parser().parse(markdown).walker();
  const nodes: MdNode[] = [];
  for (let event = walker.next(); event; event = walker.next()) if (event.entering) nodes.push(event.node);
  return nodes;
}

/** A value as the runbook must show it: every character terminal output escapes (one set, escape/terminal.ts) as \uXXXX or \u{XXXXX}. */
const VISIBLE = (text: string) =>
  text.replace(new RegExp(HIDDEN_CHARACTER_SOURCE, 'gu'), (c) => {
    const code = c.codePointAt(0)!;
    return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });

describe('values in Markdown', () => {
  const hostile = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc
      .array(
        fc.constantFrom(
          '`',
          '``',
          '[a](http://x)',
          '<img src=x>',
          '*',
          '_',
          '|',
          '\n',
          '\r',
          '\u202e',
          '\u200b',
          // Invisible tag characters, a variation selector, an ideographic space: hidden in a command an operator copies.
          '\u{e0041}\u{e0042}',
          '\ufe0f',
          '\u3000',
          '\\',
          ' ',
          '#',
          '> ',
          '- ',
          '1. ',
          '![i](x)',
          '&amp;',
          'a',
        ),
        { maxLength: 12 },
      )
      .map((parts) => parts.join('')),
  );

  test('GIVEN any string WHEN written as codeSpan in a line and in a list item THEN CommonMark sees one code span holding it, visibly', () => {
    fc.assert(
      fc.property(hostile, (value) => {
        for (const markdown of [`before ${codeSpan(value)} after\n`, `- item: ${codeSpan(value)}\n`]) {
          const nodes = nodesOf(markdown);
          const codes = nodes.filter((n) => n.type === 'code');
          expect(codes).toHaveLength(1);
          // Line endings would become spaces and a space at both ends would go: neither may happen to a value.
          expect(codes[0].literal).toBe(value === '' ? ' ' : VISIBLE(value));
          expect(nodes.map((n) => n.type).filter((t) => !['document', 'paragraph', 'list', 'item', 'text', 'code'].includes(t))).toEqual([]);
        }
      }),
      { numRuns: 500 },
    );
  });

  test('GIVEN a cluster file name full of Markdown WHEN the runbook is rendered THEN no link, image or HTML appears', () => {
    const runbook = renderRunbook(specOf(editedExample([])), 'clusters/[x](https://evil.example)<script>`a`|b\u202e.yaml');
    const kinds = new Set(nodesOf(runbook).map((n) => n.type));
    for (const kind of ['link', 'image', 'html_inline', 'html_block'] as const) expect([kind, kinds.has(kind)]).toEqual([kind, false]);
    expect(runbook).toContain('from ``clusters/[x](https://evil.example)<script>`a`|b\\u202e.yaml``;');
  });

  test('GIVEN any string WHEN written as shellWord THEN bash reads back exactly that string', () => {
    const words = fc
      .sample(fc.oneof(fc.string({ unit: 'binary', maxLength: 20 }), fc.constantFrom("it's", '$(id)', '`id`', 'a b', '\n', '\\', '"', '*')), {
        numRuns: 300,
        seed: 13,
      })
      .filter((w) => !w.includes('\u0000'));
    // One bash for all words: each printed with a NUL after it.
    const out = execFileSync('bash', ['-c', `printf '%s\\0' ${words.map(shellWord).join(' ')}`]);
    expect(out.toString('utf8').split('\u0000').slice(0, -1)).toEqual(words.map((w) => Buffer.from(w, 'utf8').toString('utf8')));
  });
});

describe('the template', () => {
  // The RUNBOOK and the partials it includes with the same escape (credentials, join-token and cloud steps, add-on checks).
  const template = [
    'RUNBOOK.md.ejs',
    'partials/runbook-credentials.md.ejs',
    'partials/runbook-step-join-token.md.ejs',
    'partials/runbook-step-cloud.md.ejs',
    'partials/runbook-terway-addon-checks.md.ejs',
    'partials/runbook-calico-mode.md.ejs',
  ]
    .map((file) => fs.readFileSync(path.join(REPO_ROOT, 'scripts-templates', file), 'utf8'))
    .join('\n');
  // Raw output (<%- %>) only through a helper that escapes, the separately rendered join-token section, or a
  // choice between two literals. Everything else is <%= %>, a code span.
  const SAFE = [
    /^(heading|ref|sh|code|codes|vswitches)\((.|\n)*\)$/,
    /^joinToken$/,
    /^include\('(partials\/)?runbook-(credentials|step-join-token|step-cloud|terway-addon-checks|calico-mode|tofu-controller)\.md\.ejs'\)$/,
    // Pretty-printed JSON inside a json code block: every line starts with white space, "{" or "}", so no value can close the fence.
    /^cloud\.bucketPolicy$/,
    /^[^?`]+\?\s*('[^']*'|"[^"]*")\s*:\s*('[^']*'|"[^"]*")$/,
  ];

  test('writes no value raw: every <%- %> is an escaping helper or a choice between literals', () => {
    const raw = [...template.matchAll(/<%-((?:.|\n)*?)-?%>/g)].map((m) => m[1].trim());
    expect(raw.length).toBeGreaterThan(20);
    expect(raw.filter((expr) => !SAFE.some((re) => re.test(expr)))).toEqual([]);
  });

  test('types no step number by hand', () => {
    expect(template.match(/\bsteps? [0-9]/gi)).toBeNull();
  });
});
